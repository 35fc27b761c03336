/**
 * The policy pack (policy-pack/) through the real engine, on the dev stack in the stand-in account.
 * No Node.js language host is installed, so the engine runs the pack through the analyzer plugin
 * `pulumi-analyzer-policy-nodejs` (support/plugins.ts), in the pack's folder.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { packArgs } from "../../policy-pack/policies";
import { loadStackConfig } from "../support/harness";
import { EngineStack, PolicyOptions } from "./support/engine";
import { REPO } from "./support/plugins";
import { ownAccount, scenario } from "./support/scenario";

const PACK = path.join(REPO, "policy-pack");
/** The CLI's summary of the packs that ran: name, where from, version. */
const PACK_RAN = new RegExp(`sagemaker-inference\\|local\\|${PACK.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s+0\\.1\\.0`);

/** A `--policy-pack-config` file with `config`, in a scratch folder. */
function packConfigFile(config: Record<string, unknown>): string {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "policy-pack-config-")), "config.json");
    fs.writeFileSync(file, JSON.stringify(config));
    return file;
}

/** The engine's output of a preview that must fail. */
async function failedPreview(s: EngineStack, label: string, policies: PolicyOptions): Promise<string> {
    try {
        await s.preview(label, policies);
    } catch (err) {
        return `${(err as { output?: string }).output ?? ""}\n${String(err)}`;
    }
    assert.fail(`${label}: the preview passed the pack`);
}

describe("the policy pack through the real engine", () => {
    ownAccount();
    let s: EngineStack;

    // An up, not a preview: on a new stack much is unknown during preview (an endpoint config's
    // content waits on its role's ARN), and the pack reports nothing on what it cannot see.
    it("deploys the dev stack as committed with the pack, which finds no mandatory violation", async () => {
        s = await scenario.session.stack("policy", "dev", loadStackConfig("dev"));
        const up = await s.up("committed", false, { policyPacks: [PACK] });
        assert.match(up.output, PACK_RAN, up.output);
        assert.doesNotMatch(up.output, /\[mandatory\]/, up.output);
    });

    it("fails a preview on a mandatory violation its config sets up, naming the policy, the resource and the rule", async () => {
        // Every setting of every policy given, at its default but for the tags: the engine checks them against the schemas.
        const defaults = Object.fromEntries(packArgs.policies.flatMap((p) => p.configSchema === undefined ? []
            : [[p.name, Object.fromEntries(Object.entries(p.configSchema.properties).map(([k, schema]) => [k, (schema as { default: unknown }).default]))]]));
        const config = packConfigFile({ ...defaults, "sagemaker-cost-allocation-tags": { requiredTagKeys: ["cost-center"] } });
        const output = await failedPreview(s, "tags-required", { policyPacks: [PACK], policyPackConfigs: [config] });
        assert.match(output, PACK_RAN, output);
        assert.match(output, /\[mandatory\]\s+sagemaker-cost-allocation-tags/, output);
        assert.match(output, /aws-native:sagemaker:InferenceComponent llama3-8b-instruct-component lacks the cost-allocation tag cost-center/, output);
    });
});
