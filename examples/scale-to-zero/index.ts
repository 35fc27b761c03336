import { scaleToZeroProgram } from "./program";

export const { endpointName } = scaleToZeroProgram();
