/**
 * AWS partitions and their regions, from the partition data of the AWS SDK that the package
 * calls SageMaker with (the data its endpoint resolution uses), so that a new region or partition
 * arrives with the SDK instead of waiting for a list kept here.
 */
import type { partition as sdkPartitionOf } from "@aws-sdk/core/client";

/**
 * The SDK's partition of a region: the partition that lists it, else the one whose region pattern
 * it matches, else aws; a region it lists carries a description. The data is in @aws-sdk/core,
 * which the SageMaker client depends on (this package does not): resolved from the client,
 * required on use, as sagemakerSdk in dynamic-providers/sagemaker-ops.ts loads the client.
 */
export function sdkPartition(region: string): ReturnType<typeof sdkPartitionOf> {
    const core = require.resolve("@aws-sdk/core/client", { paths: [require.resolve("@aws-sdk/client-sagemaker")] });
    return (require(core) as { partition: typeof sdkPartitionOf }).partition(region);
}

/** The AWS partition of a region, for building ARNs and checking them; aws when no region is set. */
export function partitionOf(region: string | undefined): string {
    return region === undefined ? "aws" : sdkPartition(region).name;
}
