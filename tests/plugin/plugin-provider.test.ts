/**
 * The plugin's provider serves the schema the build wrote and picks each component's outputs from
 * it: no analysis of the TypeScript sources on start (tests/package/ checks that the build's schema
 * is the analyzer's), and the entry the Node.js language host runs loads it or says what to run.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { SCHEMA_FILE, shippedSchema, ShippedSchemaProvider } from "../../plugin-provider";
import { PACKAGE_NAME, PROVIDED_COMPONENTS } from "../../provided-components";
import { runProgram } from "../../scripts/offline-runtime";

const SNAPSHOT = fs.readFileSync(path.join(__dirname, "..", "package", "schema.json"), "utf8");
const MODEL_ARGS = { image: "763104351884.dkr.ecr.us-east-1.amazonaws.com/djl-inference:0.33.0-lmi15.0.0-cu128", modelDataUrl: "s3://acme-models/llama3-8b/" };

interface Schema { resources: Record<string, { properties: Record<string, unknown> }> }

/** A package folder with nothing an analysis could read (no tsconfig.json, no sources): only package.json. */
function bareFolder(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sagemaker-inference-plugin-"));
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: PACKAGE_NAME, version: "0.1.0" }));
    return dir;
}

function provider(schema: string): ShippedSchemaProvider {
    return new ShippedSchemaProvider({ dirname: bareFolder(), name: PACKAGE_NAME, components: PROVIDED_COMPONENTS }, schema);
}

/** The state construct returns for an InferenceModel, under mocks. */
async function constructedModelState(schema: string, type = `${PACKAGE_NAME}:index:InferenceModel`): Promise<Record<string, unknown>> {
    let constructed: ReturnType<ShippedSchemaProvider["construct"]> | undefined;
    await runProgram({ stack: "evaluation", config: { "aws:region": "us-east-1" }, program: () => {
        constructed = provider(schema).construct("llama3-8b", type, MODEL_ARGS, {});
    } });
    return (await constructed!).state as Record<string, unknown>;
}

describe("the plugin's provider", () => {
    it("answers GetSchema with the schema it was given, byte for byte, from a folder that holds no sources", async () => {
        assert.strictEqual(await provider(SNAPSHOT).getSchema(), SNAPSHOT);
    });

    it("returns as a component's state the outputs the schema lists for it, and only those", async () => {
        const listed = Object.keys((JSON.parse(SNAPSHOT) as Schema).resources[`${PACKAGE_NAME}:index:InferenceModel`].properties).sort();
        assert.ok(listed.length > 1, listed.join());
        assert.deepStrictEqual(Object.keys(await constructedModelState(SNAPSHOT)).sort(), listed);
        // A schema that lists one output of them: construct follows the schema, not an analysis.
        const narrowed = JSON.parse(SNAPSHOT) as Schema;
        const model = narrowed.resources[`${PACKAGE_NAME}:index:InferenceModel`];
        model.properties = { [listed[0]]: model.properties[listed[0]] };
        assert.deepStrictEqual(Object.keys(await constructedModelState(JSON.stringify(narrowed))), [listed[0]]);
    });

    it("refuses a type of another package, and a component the schema does not list", async () => {
        await assert.rejects(constructedModelState(SNAPSHOT, "aws:index:InferenceModel"), /Invalid package name aws/);
        const without = JSON.parse(SNAPSHOT) as Schema;
        delete without.resources[`${PACKAGE_NAME}:index:InferenceModel`];
        await assert.rejects(constructedModelState(JSON.stringify(without)), /serves no component InferenceModel/);
    });

    it("reads the schema from bin/schema.json, and without it says what to run", () => {
        const dir = bareFolder();
        assert.throws(() => shippedSchema(dir), (err: Error) => err.message.includes(dir) && err.message.includes("npm run build") && err.message.includes("npm ci"));
        fs.mkdirSync(path.join(dir, "bin"));
        fs.writeFileSync(path.join(dir, SCHEMA_FILE), SNAPSHOT);
        assert.strictEqual(shippedSchema(dir), SNAPSHOT);
    });
});

describe("the plugin's entry, plugin.js (package.json's main, which the Node.js language host runs)", () => {
    /** A folder holding the repository's plugin.js and, when given, a bin/provider.js. */
    function folder(provider?: string): string {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sagemaker-inference-entry-"));
        fs.copyFileSync(path.join(__dirname, "..", "..", "plugin.js"), path.join(dir, "plugin.js"));
        if (provider !== undefined) {
            fs.mkdirSync(path.join(dir, "bin"));
            fs.writeFileSync(path.join(dir, "bin", "provider.js"), provider);
        }
        return dir;
    }

    it("is the build's bin/provider.js", () => {
        const serve = require(path.join(folder('module.exports = function serve() { return "served"; };'), "plugin.js")) as () => string;
        assert.strictEqual(serve(), "served");
    });

    it("in a folder not built, fails saying what to run there", () => {
        const dir = folder();
        assert.throws(() => require(path.join(dir, "plugin.js")), (err: Error) =>
            err.message.includes(path.join(dir, "bin", "provider.js")) && err.message.includes("npm ci") && err.message.includes("npm run build"));
    });
});
