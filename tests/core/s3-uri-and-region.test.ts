import * as assert from "assert";
import { awsRegion, s3Uri } from "../../core/validate";

describe("S3 URIs and regions", () => {
    const buckets: [string, string][] = [
        ["Acme_Async_Results", "bucket names have only lowercase letters, digits, dots and hyphens"],
        ["ab", "it has 2 characters, and bucket names have 3 to 63"],
        ["a".repeat(64), "it has 64 characters, and bucket names have 3 to 63"],
        ["-acme", "bucket names begin and end with a letter or a digit"],
        ["acme.", "bucket names begin and end with a letter or a digit"],
        ["acme..results", "bucket names have no two dots in a row"],
        ["192.168.5.4", "bucket names are not IP addresses"],
        ["xn--acme", "bucket names do not begin with xn--, which S3 reserves"],
        ["sthree-acme", "bucket names do not begin with sthree-, which S3 reserves"],
    ];
    for (const [bucket, rule] of buckets) {
        it(`refuses bucket ${bucket.slice(0, 20)}, saying the bucket name breaks: ${rule}`, () => {
            assert.throws(() => s3Uri("f", `s3://${bucket}/results/`), (e: Error) =>
                e.message === `f: "s3://${bucket}/results/" names bucket "${bucket}", which is not a valid S3 bucket name: ${rule}`);
        });
    }

    it("takes valid bucket names, with or without a key, and access point aliases", () => {
        for (const uri of ["s3://acme-ml-models/llama3/", "s3://acme.results.2026", "s3://abc", `s3://${"a".repeat(63)}/k`, "s3://my-ap-abcdefgh-s3alias/x"]) {
            assert.strictEqual(s3Uri("f", uri), uri);
        }
    });

    it("refuses a mistyped region, naming the nearest", () => {
        assert.throws(() => awsRegion("aws:region", "us-east-l"),
            (e: Error) => e.message === `aws:region: "us-east-l" is not an AWS region the AWS SDK knows; did you mean us-east-1?`);
        assert.throws(() => awsRegion("aws:region", "eu-centrl-1"), /did you mean eu-central-1\?$/);
        // The shape of a region is not enough: the SDK must list it.
        assert.throws(() => awsRegion("aws:region", "us-east-9"), /"us-east-9" is not an AWS region the AWS SDK knows/);
        assert.throws(() => awsRegion("aws:region", "aws-global"), /"aws-global" is not an AWS region/);
    });

    it("takes the regions the SDK lists, in every partition", () => {
        for (const region of ["us-east-1", "eu-central-2", "ap-southeast-5", "cn-north-1", "us-gov-west-1"]) {
            assert.strictEqual(awsRegion("aws:region", region), region);
        }
    });
});
