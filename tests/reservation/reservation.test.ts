import * as assert from "assert";
import { partitionOf } from "../../core/partitions";
import { checkReservation, ReservationLedger } from "../../components/reservation/reservation";
import { parseTrainingPlanArn } from "../../dynamic-providers/training-plan-plan";

const ARN = "arn:aws:sagemaker:us-east-1:123456789123:training-plan/p4-for-inference-endpoint";
const facts = { reservationArn: ARN, reservedInstanceType: "ml.p5.48xlarge", reservedInstanceCount: 2 };
const claim = (endpoint: string, instanceCount: number, instanceType = "ml.p5.48xlarge") => ({ endpoint, instanceType, instanceCount });

describe("training-plan ARNs", () => {
    it("parses the seed's ARN", () => {
        assert.deepStrictEqual(parseTrainingPlanArn(ARN, "us-east-1"), {
            partition: "aws", region: "us-east-1", account: "123456789123", planName: "p4-for-inference-endpoint",
        });
    });

    it("accepts other partitions", () => {
        assert.strictEqual(parseTrainingPlanArn("arn:aws-cn:sagemaker:cn-north-1:123456789123:training-plan/p", "cn-north-1").partition, "aws-cn");
        assert.strictEqual(parseTrainingPlanArn("arn:aws-us-gov:sagemaker:us-gov-west-1:123456789123:training-plan/p").region, "us-gov-west-1");
    });

    it("accepts every region of the SDK's partitions, the European Sovereign Cloud's included", () => {
        assert.deepStrictEqual(parseTrainingPlanArn("arn:aws-eusc:sagemaker:eusc-de-east-1:123456789123:training-plan/p", "eusc-de-east-1"),
            { partition: "aws-eusc", region: "eusc-de-east-1", account: "123456789123", planName: "p" });
        assert.strictEqual(parseTrainingPlanArn("arn:aws-iso-b:sagemaker:us-isob-east-1:123456789123:training-plan/p").partition, "aws-iso-b");
        assert.strictEqual(parseTrainingPlanArn("arn:aws:sagemaker:mx-central-1:123456789123:training-plan/p").region, "mx-central-1");
    });

    for (const [bad, why] of [
        ["arn:aws:sagemaker:us-east-1:123456789123:training-plan/P4-Plan", "it has upper case, and SageMaker writes training-plan ARNs in lower case"],
        ["arn:aws:sagemaker:US-EAST-1:123456789123:training-plan/p4", "it has upper case, and SageMaker writes training-plan ARNs in lower case"],
        ["arn:aws:sagemaker:us-east-1:123456789123:training-plan/p4 ", "it has a space or line break, which no ARN has"],
        ["arn:aws:sagemaker:us-east-1:123456789123:training-plan/p4\n", "it has a space or line break, which no ARN has"],
        [" arn:aws:sagemaker:us-east-1:123456789123:training-plan/p4", "it has a space or line break, which no ARN has"],
    ]) {
        it(`refuses ${JSON.stringify(bad)}, saying why`, () => {
            assert.throws(() => parseTrainingPlanArn(bad, undefined, "reservationArn"), (e: Error) => e.message ===
                `reservationArn: ${JSON.stringify(bad)} is not a SageMaker training-plan ARN ` +
                `(expected arn:<partition>:sagemaker:<region>:<12-digit account>:training-plan/<plan name>; ${why})`);
        });
    }

    it("refuses an ARN whose partition is not its region's, naming both", () => {
        assert.throws(() => parseTrainingPlanArn("arn:aws-cn:sagemaker:us-east-1:123456789123:training-plan/p"), (e: Error) => e.message ===
            `reservationArn: training plan "arn:aws-cn:sagemaker:us-east-1:123456789123:training-plan/p" names partition aws-cn, but its region us-east-1 ` +
            "is in partition aws: an ARN's partition is its region's");
        assert.throws(() => parseTrainingPlanArn("arn:aws:sagemaker:cn-north-1:123456789123:training-plan/p"),
            /names partition aws, but its region cn-north-1 is in partition aws-cn/);
        assert.throws(() => parseTrainingPlanArn("arn:aws-eusc:sagemaker:eu-central-1:123456789123:training-plan/p"),
            /names partition aws-eusc, but its region eu-central-1 is in partition aws/);
    });

    it("names the partitions when the plan is in another partition than the stack", () => {
        assert.throws(() => parseTrainingPlanArn("arn:aws-cn:sagemaker:cn-north-1:123456789123:training-plan/p", "us-east-1", "plan.reservationArn"), (e: Error) => e.message ===
            `plan.reservationArn: training plan "arn:aws-cn:sagemaker:cn-north-1:123456789123:training-plan/p" is in partition aws-cn (region cn-north-1), ` +
            "but the stack deploys to us-east-1, in partition aws; a reservation can only be used in its own partition and region");
        assert.throws(() => parseTrainingPlanArn(ARN, "us-gov-west-1"), /is in partition aws \(region us-east-1\), but the stack deploys to us-gov-west-1, in partition aws-us-gov/);
    });

    for (const bad of [
        "p4-for-inference-endpoint",
        "arn:aws:sagemaker:us-east-1:123456789123:endpoint/p4",
        "arn:aws:ec2:us-east-1:123456789123:training-plan/p4",
        "arn:aws:sagemaker:us-east-1:12345:training-plan/p4",
        "arn:aws:sagemaker:us-east-1:123456789123:training-plan/-p4",
        "arn:aws:sagemaker:us-east-1:123456789123:training-plan/" + "p".repeat(65),
        "arn:aws:sagemaker::123456789123:training-plan/p4",
        "arn:aws:sagemaker:us-east-1:123456789123:training-plan/p" + "-".repeat(70) + "q",
    ]) {
        it(`refuses ${bad.slice(0, 70)}`, () => {
            assert.throws(() => parseTrainingPlanArn(bad, undefined, "candidates.capacity.reservationArn"),
                (e: Error) => e.message.startsWith(`candidates.capacity.reservationArn: "${bad}" is not a SageMaker training-plan ARN`));
        });
    }

    it("refuses a plan in another region than the stack's", () => {
        assert.throws(() => parseTrainingPlanArn(ARN, "us-west-2"),
            /reservationArn: training plan "arn:aws:sagemaker:us-east-1:.*" is in region us-east-1, but the stack deploys to us-west-2/);
    });

    it("knows each region's partition", () => {
        assert.strictEqual(partitionOf("cn-northwest-1"), "aws-cn");
        assert.strictEqual(partitionOf("us-gov-east-1"), "aws-us-gov");
        assert.strictEqual(partitionOf("eu-west-3"), "aws");
        assert.strictEqual(partitionOf("eusc-de-east-1"), "aws-eusc");
        assert.strictEqual(partitionOf("us-iso-east-1"), "aws-iso");
        assert.strictEqual(partitionOf(undefined), "aws");
    });
});

describe("reservation checks", () => {
    it("reserve 2, deploy 1: fits, with the usage", () => {
        const usage = checkReservation(facts, [claim("eval", 1)]);
        assert.strictEqual(usage.requestedInstanceCount, 1);
        assert.strictEqual(usage.reservedInstanceCount, 2);
    });

    it("scale to 2: fits exactly", () => {
        assert.strictEqual(checkReservation(facts, [claim("eval", 2)]).requestedInstanceCount, 2);
    });

    it("scale to 3: fails naming both counts and the ARN", () => {
        assert.throws(() => checkReservation(facts, [claim("eval", 3)]), (e: Error) =>
            e.message === `Requested instance count (3) exceeds the reserved instance count (2) of training plan ${ARN} [eval: 3]`);
    });

    it("sums over endpoints", () => {
        assert.throws(() => checkReservation(facts, [claim("a", 1), claim("b", 2)]), /Requested instance count \(3\) exceeds the reserved instance count \(2\).*\[a: 1, b: 2\]/);
    });

    it("refuses another instance type than the reserved one", () => {
        assert.throws(() => checkReservation(facts, [claim("eval", 1, "ml.p4d.24xlarge")]),
            /eval: instance type ml.p4d.24xlarge does not match the reserved instance type ml.p5.48xlarge of training plan arn:/);
    });

    it("cannot check what it does not know", () => {
        assert.strictEqual(checkReservation({ reservationArn: ARN }, [claim("eval", 9, "ml.g5.xlarge")]).requestedInstanceCount, 9);
    });
});

describe("reservation ledger", () => {
    it("adds claims across endpoints and refuses the one that no longer fits", () => {
        const ledger = new ReservationLedger();
        ledger.claim(facts, claim("a", 1));
        ledger.claim(facts, claim("b", 1));
        assert.throws(() => ledger.claim(facts, claim("c", 1)), /Requested instance count \(3\) exceeds the reserved instance count \(2\)/);
        const [usage] = ledger.snapshot();
        assert.deepStrictEqual(usage.claims.map((c) => c.endpoint), ["a", "b"]);
        assert.strictEqual(usage.requestedInstanceCount, 2);
    });

    it("keeps reservations apart", () => {
        const ledger = new ReservationLedger();
        const other = { ...facts, reservationArn: ARN.replace("p4-for", "p5-for") };
        ledger.claim(facts, claim("a", 2));
        ledger.claim(other, claim("b", 2));
        assert.deepStrictEqual(ledger.snapshot().map((u) => u.requestedInstanceCount), [2, 2]);
    });

    it("takes reserved facts from whichever endpoint knows them", () => {
        const ledger = new ReservationLedger();
        ledger.claim({ reservationArn: ARN }, claim("a", 2));
        assert.throws(() => ledger.claim(facts, claim("b", 1)), /Requested instance count \(3\) exceeds the reserved instance count \(2\)/);
    });

    it("refuses endpoints that disagree about a reservation", () => {
        const ledger = new ReservationLedger();
        ledger.claim(facts, claim("a", 1));
        assert.throws(() => ledger.claim({ ...facts, reservedInstanceCount: 4 }, claim("b", 1)),
            /reservedInstanceCount: endpoints disagree about training plan .*: 2 and 4/);
    });
});
