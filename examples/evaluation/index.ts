import { evaluationProgram } from "./program";

export const { endpointName } = evaluationProgram();
