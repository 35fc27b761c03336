import * as pulumi from "@pulumi/pulumi";
import { runStack } from "./programs";

// The stack's outputs are what the selected stack's program returns.
export = runStack(pulumi.getStack());
