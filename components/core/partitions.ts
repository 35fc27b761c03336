/**
 * AWS partitions and their regions, from the partition data of the AWS SDK that the package
 * calls SageMaker with (the data its endpoint resolution uses), so that a new region or partition
 * arrives with the SDK instead of waiting for a list kept here.
 */

interface SdkPartition {
    /** The partition's id: aws, aws-cn, aws-us-gov, aws-eusc, aws-iso... */
    name: string;
}

/**
 * The SDK's partition of a region: the partition that lists it, else the one whose region pattern
 * it matches, else aws. The data is in @aws-sdk/core, which the SageMaker client depends on:
 * resolved from the client, required on use (see sagemakerSdk in dynamic-providers/sagemaker-ops.ts).
 */
function sdkPartition(region: string): SdkPartition {
    const core = require.resolve("@aws-sdk/core/client", { paths: [require.resolve("@aws-sdk/client-sagemaker")] });
    return (require(core) as { partition(region: string): SdkPartition }).partition(region);
}

/** The AWS partition of a region, for building ARNs and checking them; aws when no region is set. */
export function partitionOf(region: string | undefined): string {
    return region === undefined ? "aws" : sdkPartition(region).name;
}
