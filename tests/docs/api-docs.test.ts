import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { API_DIR, apiPages, currentPages, PackageSchema, pascalName, pythonName, REGENERATE, SCHEMA_FILE, statedDefault } from "../../scripts/api-docs";

describe("the API reference in docs/api", () => {
    it("is what `npm run docs` writes from the committed package schema, page for page", () => {
        const expected = currentPages();
        assert.deepStrictEqual(fs.readdirSync(API_DIR).sort(), [...expected.keys()].sort(),
            `docs/api holds other pages than the schema gives: run \`${REGENERATE}\``);
        const stale = [...expected].filter(([file, text]) => fs.readFileSync(path.join(API_DIR, file), "utf8") !== text).map(([file]) => file);
        assert.deepStrictEqual(stale, [], `these pages differ from what the package schema gives: run \`${REGENERATE}\` and commit docs/api`);
    });

    it("has a row for every input and output of every component, and every property of every type, in each language's names", () => {
        const schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, "utf8")) as PackageSchema;
        const pages = apiPages(schema);
        const missing: string[] = [];
        for (const [token, resource] of Object.entries(schema.resources)) {
            const page = pages.get(`${token.split(":")[2]}.md`) ?? "";
            for (const name of [...Object.keys(resource.inputProperties), ...Object.keys(resource.properties)]) {
                if (!page.includes(`| \`${name}\` | \`${pythonName(name)}\` | \`${pascalName(name)}\` |`)) {
                    missing.push(`${token}.${name}`);
                }
            }
        }
        for (const [token, type] of Object.entries(schema.types)) {
            const names = type.enum ? type.enum.map((e) => `| \`${String(e.value)}\` | \`${e.name}\` |`)
                : Object.keys(type.properties ?? {}).map((name) => `| \`${name}\` | \`${pythonName(name)}\` |`);
            missing.push(...names.filter((row) => !pages.get("types.md")!.includes(row)).map((row) => `${token} ${row}`));
        }
        assert.deepStrictEqual(missing, []);
    });

    it("writes Python's names as Pulumi's generator does, and the default a description states", () => {
        assert.deepStrictEqual(["destinationS3Uri", "kmsKeyArn", "maxConcurrentInvocationsPerInstance", "instanceType"].map(pythonName),
            ["destination_s3_uri", "kms_key_arn", "max_concurrent_invocations_per_instance", "instance_type"]);
        assert.strictEqual(statedDefault("Instances at creation. Default 1. SageMaker releases them."), "1");
        assert.strictEqual(statedDefault("The role.\nDefault: a role created for it, allowed logs."), "a role created for it, allowed logs");
        assert.strictEqual(statedDefault("The region (Default the environment's) to use."), "the environment's");
        assert.strictEqual(statedDefault("The production variant's name."), "");
    });
});
