import { asyncProgram } from "./program";

export const { endpointName, inputLocation } = asyncProgram();
