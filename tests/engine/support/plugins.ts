/**
 * The plugins the engine runs, as executables in one folder that goes first on PATH: the engine
 * takes `pulumi-resource-<name>`, `pulumi-language-<name>` and `pulumi-analyzer-<name>` from PATH
 * whatever version a program asks for.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { EngineTools } from "./tools";

export const REPO = path.resolve(__dirname, "../../..");

/** A shell line that runs a TypeScript file of this repository with ts-node, without type checking. */
function tsNode(file: string, args: string): string {
    const register = path.join(REPO, "node_modules/ts-node/register/transpile-only");
    return `cd "${REPO}" && TS_NODE_PROJECT="${path.join(REPO, "tsconfig.json")}" exec node -r "${register}" "${path.join(REPO, file)}" ${args}`;
}

/**
 * A shell line that runs this package as the Node.js language host runs a source-based plugin
 * (`RunPlugin` in pulumi/pulumi's sdk/nodejs/cmd/pulumi-language-nodejs/main.go): node with the
 * plugin's own `@pulumi/pulumi/cmd/run-plugin`, then the plugin's folder and the engine's arguments,
 * in the engine's working directory. PulumiPlugin.yaml's `typescript: false` adds no environment;
 * run-plugin then requires the folder, that is its package.json `main`, plugin.js: the built bin/provider.js.
 */
function nodejsHostRun(): string {
    const runPlugin = require.resolve("@pulumi/pulumi/cmd/run-plugin", { paths: [REPO] });
    return `exec node "${runPlugin}" "${REPO}" "$@"`;
}

/** Makes the folder of plugin executables and returns it. */
export function pluginDir(tools: EngineTools): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sagemaker-inference-plugins-"));
    const scripts: Record<string, string> = {
        "pulumi-resource-aws": tsNode("tests/engine/standin/provider.ts", `aws "$@"`),
        "pulumi-resource-aws-native": tsNode("tests/engine/standin/provider.ts", `aws-native "$@"`),
        "pulumi-resource-pulumi-nodejs": `exec "${path.join(REPO, "node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs")}" "$@"`,
        "pulumi-resource-sagemaker-inference": nodejsHostRun(),
        "pulumi-language-yaml": `exec "${tools.yamlHost}" "$@"`,
        // Without a Node.js language host the engine starts this in a Node.js policy pack's folder with
        // its address and "." (pulumi/sdk/go/common/resource/plugin/analyzer_plugin.go): the pack's
        // own run-policy-pack, from its node_modules or, for policy-pack/, the clone's.
        "pulumi-analyzer-policy-nodejs": `exec node "$(node -p 'require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [process.cwd()] })')" "$@"`,
    };
    for (const [name, line] of Object.entries(scripts)) {
        fs.writeFileSync(path.join(dir, name), `#!/bin/sh\n${line}\n`, { mode: 0o755 });
    }
    return dir;
}
