/**
 * Upgrades through the real engine: each state an earlier version of the package wrote
 * (tests/engine/states, recorded by `npm run engine:record -- <ref>`) is imported into a stack of
 * its own, with the stack's settings file as it was and the stand-in account as the up left it, and
 * previewed with the current code. What serves traffic or costs money to get back (an endpoint, an
 * inference component, a training plan) is neither replaced nor deleted by the upgrade.
 */
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { engineTools } from "../../scripts/engine-setup";
import { runStack, STACK_NAMES } from "../../stacks/programs";
import { TYPES } from "../support/harness";
import { describeSteps, EngineSession, PhaseResult } from "./support/engine";
import { assertSafe } from "./support/expect";
import { LIBRARY_PROGRAM, libraryProgram } from "./support/library-program";
import { loadAccount, recordedStates, RecordedState } from "./support/recorded";
import { EngineTools } from "./support/tools";
import { startAccount } from "./standin/account";

/** Endpoints were classic resources until c54d665, which moved them to aws-native before any release. */
const CLASSIC_ENDPOINT = "aws:sagemaker/endpoint:Endpoint";

const states = recordedStates();
let tools: EngineTools;

before(async () => {
    tools = await engineTools();
});

/** Imports a recorded state into a fresh account and stack, and previews it with the current code. */
async function previewUpgrade(recorded: RecordedState): Promise<PhaseResult> {
    const account = await startAccount();
    const session = await EngineSession.start(tools, account.env());
    try {
        loadAccount(account, recorded);
        const program = recorded.program === LIBRARY_PROGRAM ? async () => libraryProgram() : async () => runStack(pulumi.getStack());
        const s = await session.stack(`upgrade-${recorded.program}`, recorded.stack, {}, program);
        await s.stack.workspace.saveStackSettings(recorded.stack, recorded.settings);
        await s.importState(recorded.deployment);
        return await s.preview(`from-${recorded.commit.slice(0, 7)}`);
    } finally {
        session.close();
        await account.stop();
    }
}

/** The provider reference of the recorded inference component: `<provider URN>::<id>`. */
function recordedComponentProvider(recorded: RecordedState): string {
    const { resources } = recorded.deployment as { resources: { type: string; provider?: string }[] };
    return resources.find((r) => r.type === TYPES.inferenceComponent)?.provider ?? "";
}

/**
 * What upgrading from the recorded commit does to live endpoints, stack by stack: production's
 * auto-scaled real-time config is named without its instance count at creation since then, so its
 * endpoint moves onto the renamed config once, in place (blue/green); nothing else is touched.
 */
const ENDPOINT_STEPS_ON_UPGRADE: Record<string, string[]> = {
    production: ["update realtime-endpoint [endpointConfigName]"],
};

describe("upgrades: states written by earlier versions, previewed with the current code", () => {
    it("has a recorded state of every stack of this repository", () => {
        assert.deepStrictEqual(STACK_NAMES.filter((stack) => !states.some((r) => r.program === stack)), []);
    });

    for (const recorded of states) {
        const from = `${recorded.commit.slice(0, 7)} (${recorded.date.slice(0, 10)})`;
        if (recorded.program !== LIBRARY_PROGRAM) {
            it(`the ${recorded.program} stack deployed by ${from}: plans no replacement or deletion of an endpoint, inference component or training plan`, async () => {
                const preview = await previewUpgrade(recorded);
                assertSafe(preview, `${recorded.program} from ${from}`);
                const endpoints = preview.steps.filter((s) => s.type === TYPES.endpoint && s.op !== "same").map((s) => `${s.op} ${s.name} [${s.diffs.join(", ")}]`);
                assert.deepStrictEqual(endpoints, ENDPOINT_STEPS_ON_UPGRADE[recorded.program] ?? [], `${recorded.program} from ${from}: its endpoints`);
                const classic = preview.steps.filter((s) => s.type === CLASSIC_ENDPOINT && s.op !== "same");
                assert.deepStrictEqual(classic, [], `${recorded.program} from ${from}: a classic endpoint changes:\n${describeSteps(classic)}`);
            });
            continue;
        }
        it(`a library user's program deployed by ${from} on aws-native's default provider: its inference component, moved to the explicit aws-native provider, is not replaced`, async () => {
            assert.match(recordedComponentProvider(recorded), /::pulumi:providers:aws-native::default_/, "the recorded component is on aws-native's default provider");
            const preview = await previewUpgrade(recorded);
            const explicit = preview.steps.filter((s) => s.type === "pulumi:providers:aws-native" && s.name === "aws-native");
            assert.deepStrictEqual(explicit.map((s) => s.op), ["create"], "the current code creates the explicit provider");
            // Kept, or updated in place for what else changed: the provider forces no replacement.
            const component = preview.steps.filter((s) => s.type === TYPES.inferenceComponent);
            assert.deepStrictEqual(component.map((s) => `${["same", "update"].includes(s.op) ? "kept" : s.op} ${s.name} [${s.keys.join(", ")}]`),
                ["kept llama3-8b-instruct-component []"], `the inference component on its new provider:\n${describeSteps(component)}`);
            assertSafe(preview, `the library program from ${from}`);
            // c54d665 (unreleased) made the endpoint an aws-native resource: a resource of another type,
            // which no provider or alias carries over. A state that holds a classic endpoint plans a new
            // endpoint and the classic one's deletion, a plan that would fail at deploy (the name is taken
            // and the classic endpoint has a component on it): docs/upgrading.md is the
            // way. Say so here, so that nothing else goes unseen.
            const classic = recorded.account.some((r) => r.type === CLASSIC_ENDPOINT);
            const endpoints = preview.steps.filter((s) => [TYPES.endpoint, CLASSIC_ENDPOINT].includes(s.type) && s.op !== "same").map((s) => `${s.op} ${s.type}`);
            assert.deepStrictEqual(endpoints, classic ? [`create ${TYPES.endpoint}`, `delete ${CLASSIC_ENDPOINT}`] : [], endpoints.join("\n"));
        });
    }
});
