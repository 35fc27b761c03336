/**
 * Runs a dynamic provider as the Pulumi engine's provider host does: serialized with the functions
 * it reaches, then loaded in a fresh Node process that shares nothing with the tests.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";

export interface FreshRun {
    /** The provider's serialized text, as Pulumi would store it in the state. */
    serialized: string;
    code: number | null;
    out: string;
    err: string;
}

/**
 * Serializes `provider` and runs `body` in a fresh process, as the body of an async function that
 * sees `provider` (the deserialized provider) and `args` (the given values, through JSON); what it
 * returns is printed to `out` as JSON. The process gets only PATH, NODE_PATH and `env`.
 */
export async function runSerialized(
    provider: pulumi.dynamic.ResourceProvider, body: string, args: unknown[], env: Record<string, string>,
): Promise<FreshRun> {
    const serialized = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "provider-"));
    const file = path.join(dir, "provider.js");
    fs.writeFileSync(file, serialized.text);
    const script = `
        const provider = require(process.argv[1]).${serialized.exportName}();
        const args = process.argv.slice(2).map((a) => JSON.parse(a));
        (async () => { ${body} })()
            .then((value) => console.log(JSON.stringify(value)))
            .catch((e) => { console.error(e); process.exit(1); });`;
    try {
        return await new Promise<FreshRun>((resolve) => {
            const child = spawn(process.execPath, ["-e", script, file, ...args.map((a) => JSON.stringify(a))], {
                env: { PATH: process.env.PATH ?? "", NODE_PATH: path.join(__dirname, "..", "..", "node_modules"), ...env },
            });
            let out = "";
            let err = "";
            child.stdout.on("data", (d) => { out += d; });
            child.stderr.on("data", (d) => { err += d; });
            child.on("close", (code) => resolve({ serialized: serialized.text, code, out, err }));
        });
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}
