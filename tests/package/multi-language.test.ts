/**
 * The package as Pulumi's other languages get it: `pulumi package add` clones the repository and
 * installs it with npm, whose prepare builds bin/ and writes bin/schema.json with Pulumi's own
 * analyzer (scripts/package-schema.ts); the Node.js language host then runs package.json's `main`,
 * bin/provider.js, which serves that file. These tests run the analyzer on a copy of the
 * repository's files, pin the schema it reads, and check it against Pulumi's package metaschema
 * (construct.test.ts constructs each component the provider's way; scripts/pack-test.ts checks the
 * build's bin/schema.json and starts the built plugin as the language host does).
 *
 * pulumi-package-metaschema.json is ../shared/pulumi/package-metaschema.json (pulumi/pulumi's
 * pkg/codegen/schema/pulumi.json), copied unchanged: CI has no ../shared.
 */
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import * as yaml from "js-yaml";
import { getPulumiComponents } from "@pulumi/pulumi/provider/experimental/provider";
import { PACKAGE_NAME, PROVIDED_COMPONENTS } from "../../provided-components";
import { inferredSchema } from "../../scripts/package-schema";

const ROOT = path.join(__dirname, "..", "..");
const SNAPSHOT = path.join(__dirname, "schema.json");

/** The repository's files (tracked, and new ones not ignored) in a scratch directory, with the installed node_modules. */
function consumerCopy(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sagemaker-inference-plugin-"));
    const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: ROOT, encoding: "utf8" })
        .split("\0").filter((f) => f !== "" && fs.existsSync(path.join(ROOT, f)));
    for (const file of files) {
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        fs.copyFileSync(path.join(ROOT, file), path.join(dir, file));
    }
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
    return dir;
}

interface SchemaProperty { type?: string; $ref?: string; description?: string; plain?: boolean; items?: SchemaProperty; additionalProperties?: SchemaProperty }
interface SchemaResource {
    isComponent: boolean;
    description?: string;
    inputProperties: Record<string, SchemaProperty>;
    requiredInputs?: string[];
    properties: Record<string, SchemaProperty>;
    required?: string[];
}
interface PackageSchema { name: string; resources: Record<string, SchemaResource>; types: Record<string, { type: string; enum?: { value: string }[] }> }

let schemaText: string;
let schema: PackageSchema;

describe("the package for Pulumi's other languages", function () {
    this.timeout(120_000);

    before(async () => {
        schemaText = await inferredSchema(consumerCopy());
        schema = JSON.parse(schemaText) as PackageSchema;
        if (process.env.UPDATE_SCHEMA === "1") {
            fs.writeFileSync(SNAPSHOT, schemaText);
        }
    });

    it("is declared as a nodejs plugin whose main serves every component under the package's name, and whose library entry holds them", () => {
        assert.deepStrictEqual(yaml.load(fs.readFileSync(path.join(ROOT, "PulumiPlugin.yaml"), "utf8")), { runtime: { name: "nodejs", options: { typescript: false } } });
        const packageJson = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { name: string; main: string; exports: Record<string, { default: string }> };
        assert.strictEqual(packageJson.name, PACKAGE_NAME);
        // The host's run-plugin requires the plugin's folder, so package.json's main, plugin.js, which loads the build of
        // provider.ts: a function it calls. Were main to export components, run-plugin would serve them itself, analyzing the sources.
        assert.strictEqual(packageJson.main, "plugin.js");
        const main = require("../../provider") as unknown;
        assert.strictEqual(typeof main, "function");
        assert.deepStrictEqual(getPulumiComponents(main), []);
        // A library import (exports) gets the components, the same the plugin serves.
        assert.strictEqual(packageJson.exports["."].default, "./bin/index.js");
        assert.deepStrictEqual(getPulumiComponents(require("../../index")).map((c) => c.name).sort(), PROVIDED_COMPONENTS.map((c) => c.name).sort());
        assert.strictEqual(schema.name, "sagemaker-inference");
        assert.deepStrictEqual(Object.keys(schema.resources).sort(), PROVIDED_COMPONENTS.map((c) => `sagemaker-inference:index:${c.name}`).sort());
        for (const [token, resource] of Object.entries(schema.resources)) {
            assert.strictEqual(resource.isComponent, true, token);
        }
    });

    it("has every input and output with its type, whether it is required, and its doc comment, as tests/package/schema.json records", () => {
        // A change to a component's args shows here: review the new schema (UPDATE_SCHEMA=1 writes it), then commit it.
        assert.strictEqual(schemaText, fs.readFileSync(SNAPSHOT, "utf8"), "the schema changed: run UPDATE_SCHEMA=1 npm run test:pack and review the diff");
    });

    it("documents every input of every component, and says which are required", () => {
        const undocumented = Object.entries(schema.resources).flatMap(([token, r]) =>
            Object.entries(r.inputProperties).filter(([, p]) => !p.description).map(([name]) => `${token}.${name}`));
        assert.deepStrictEqual(undocumented, []);
        assert.deepStrictEqual(schema.resources["sagemaker-inference:index:ReservedEndpoint"].requiredInputs, ["instanceType", "modelName"]);
        assert.deepStrictEqual(schema.resources["sagemaker-inference:index:ScalableInferenceComponent"].requiredInputs, ["endpointName", "instanceType", "modelName"]);
        // Settings that decide which resources exist are plain values in every language.
        assert.strictEqual(schema.resources["sagemaker-inference:index:ScaleToZeroEndpoint"].inputProperties.instanceType.plain, true);
        assert.strictEqual(schema.resources["sagemaker-inference:index:ReservedEndpoint"].inputProperties.modelName.plain, undefined);
    });

    it("takes the choices as enums, which the analyzer accepts in their const-object form", () => {
        const values = (name: string) => schema.types[`sagemaker-inference:index:${name}`].enum?.map((e) => e.value);
        assert.deepStrictEqual(values("MultiContainerMode"), ["Direct", "Serial"]);
        assert.deepStrictEqual(values("NotificationTopic"), ["SUCCESS_NOTIFICATION_TOPIC", "ERROR_NOTIFICATION_TOPIC"]);
        assert.deepStrictEqual(values("RoutingStrategy"), ["LEAST_OUTSTANDING_REQUESTS", "RANDOM", "PREFIX_AWARE"]);
        assert.deepStrictEqual(values("ScaleInStrategy"), ["IDLE_RELEASE", "CONSOLIDATION"]);
        assert.deepStrictEqual(schema.resources["sagemaker-inference:index:InferenceModel"].inputProperties.mode.$ref, "#/types/sagemaker-inference:index:MultiContainerMode");
    });

    it("satisfies Pulumi's package metaschema (JSON Schema 2020-12)", () => {
        const ajv = new Ajv2020({ allErrors: true, strict: false });
        addFormats(ajv);
        const validate = ajv.compile(JSON.parse(fs.readFileSync(path.join(__dirname, "pulumi-package-metaschema.json"), "utf8")));
        assert.strictEqual(validate(schema), true, JSON.stringify(validate.errors, null, 2));
        // The validator does judge: a schema without its name is refused.
        const { name: _name, ...nameless } = schema;
        assert.strictEqual(validate(nameless), false);
    });
});
