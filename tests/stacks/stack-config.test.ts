import * as assert from "assert";
import { settingsOf, unknownSettings } from "../../stacks/config";
import { STACK_NAMES, STACK_SCHEMAS } from "../../stacks/programs";
import { givenConfig, stackConfigOf } from "../../scripts/offline-runtime";
import { expectFailure, loadStackConfig, registered, runProgram } from "../support/harness";

/** A stack's committed config as Pulumi hands it to a program: every value as text. */
const asGiven = (config: Record<string, unknown>) => givenConfig(config).values;

describe("stack config keys", () => {
    for (const stack of STACK_NAMES) {
        const committed = asGiven(loadStackConfig(stack));
        for (const key of Object.keys(STACK_SCHEMAS[stack])) {
            // A letter dropped, and the case of the last letter changed: the two commonest slips.
            const typos = [key.slice(0, 1) + key.slice(2), key.slice(0, -1) + key.slice(-1).toUpperCase()];
            for (const typo of typos) {
                it(`stack ${stack} refuses ${typo}, suggesting ${key}`, () => {
                    assert.throws(() => settingsOf({ ...committed, [`sagemaker-inference:${typo}`]: "x" }, stack, STACK_SCHEMAS), (e: Error) =>
                        e.message === `sagemaker-inference:${typo} is not a setting of stack ${stack}; did you mean ${key}?`);
                });
            }
        }

        it(`stack ${stack} reads its committed config, and leaves other namespaces alone`, () => {
            const settings = settingsOf({ ...committed, "aws-native:region": "us-east-1", "pulumi:tags": "{}", "aws:profile": "ml" }, stack, STACK_SCHEMAS);
            assert.deepStrictEqual(Object.keys(settings).sort(), Object.keys(committed).filter((k) => k.startsWith("sagemaker-inference:"))
                .map((k) => k.slice("sagemaker-inference:".length)).sort());
        });
    }

    it("names every unknown key, and lists the settings when none is near", () => {
        assert.strictEqual(unknownSettings(["instanceType", "foo", "parkd"], "dev", STACK_SCHEMAS),
            `sagemaker-inference:foo is not a setting of stack dev; its settings are ${Object.keys(STACK_SCHEMAS.dev).join(", ")}\n` +
            "sagemaker-inference:parkd is not a setting of stack dev; did you mean parked?");
    });

    it("names the stack a config was made for", () => {
        const production = Object.keys(STACK_SCHEMAS.production).filter((k) => !(k in STACK_SCHEMAS.dev));
        assert.strictEqual(unknownSettings(production, "dev", STACK_SCHEMAS),
            `the config holds settings of stack production, not of stack dev (${production.map((k) => `sagemaker-inference:${k}`).join(", ")} ` +
            `are not settings of dev): is this Pulumi.production.yaml? Run stack production with it, or give stack dev its own config`);
    });

    it("reads true and false for a boolean setting, and says what it expects of anything else", () => {
        const dev = asGiven(loadStackConfig("dev"));
        assert.strictEqual(settingsOf({ ...dev, "sagemaker-inference:parked": "true" }, "dev", STACK_SCHEMAS).parked, true);
        assert.throws(() => settingsOf({ ...dev, "sagemaker-inference:parked": "yes" }, "dev", STACK_SCHEMAS),
            (e: Error) => e.message === `sagemaker-inference:parked: "yes" is a string; expected true or false`);
    });

    it("refuses a mistyped aws:region before anything is registered, naming the nearest region", async () => {
        const failure = await expectFailure({ stack: "dev", config: { ...loadStackConfig("dev"), "aws:region": "us-east-l" } },
            /^aws:region: "us-east-l" is not an AWS region the AWS SDK knows; did you mean us-east-1\?$/);
        assert.deepStrictEqual(registered(failure.resources), []);
    });

    it("reads an unquoted YAML timestamp as the text it is: a time without a zone is refused, quoted or not", async () => {
        const { "sagemaker-inference:reservationArn": _arn, "sagemaker-inference:reservedInstanceType": _type, "sagemaker-inference:reservedInstanceCount": _count,
            ...evaluation } = loadStackConfig("evaluation");
        for (const startTimeAfter of ["2026-12-01T00:00:00", '"2026-12-01T00:00:00"']) {
            const plan = stackConfigOf(["config:", "  sagemaker-inference:trainingPlan:", "    planName: p5-llm-eval", "    instanceType: ml.p5.48xlarge",
                "    instanceCount: 2", "    durationHours: 168", `    startTimeAfter: ${startTimeAfter}`, "    maxUpfrontFee: 100000"].join("\n"));
            await expectFailure({ stack: "evaluation", config: { ...evaluation, ...plan } },
                /^sagemaker-inference:trainingPlan\.startTimeAfter: "2026-12-01T00:00:00" is not an ISO-8601 time with its zone/);
        }
        // With its zone, unquoted, it is the time it says.
        assert.deepStrictEqual(stackConfigOf("config:\n  x:\n    t: 2026-12-01T00:00:00+02:00"), { x: { t: "2026-12-01T00:00:00+02:00" } });
    });

    it("keeps a value that is not JSON as text, for its own check to judge", async () => {
        await expectFailure({ stack: "evaluation", config: { ...loadStackConfig("evaluation"), "sagemaker-inference:reservedInstanceCount": "two" } },
            /^sagemaker-inference:reservedInstanceCount: "two" is a string; expected a whole number of at least 1$/);
    });

    it("the issue's case: reservationARN in the production stack is refused before anything is registered", async () => {
        const config = { ...loadStackConfig("production") };
        config["sagemaker-inference:reservationARN"] = "arn:aws:sagemaker:us-east-1:123456789012:training-plan/p5";
        await expectFailure({ stack: "production", config },
            /^sagemaker-inference:reservationARN is not a setting of stack production; did you mean reservationArn\?$/);
        // Without the typo the committed config deploys.
        assert.ok((await runProgram({ stack: "production", config: loadStackConfig("production") })).resources.length > 0);
    });
});
