import { PolicyPack } from "@pulumi/policy";
import { packArgs } from "./policies";

new PolicyPack("sagemaker-inference", packArgs);
