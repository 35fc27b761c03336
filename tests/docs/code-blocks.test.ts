/**
 * Every fenced code block in README.md and docs/ runs in a test or is marked as a transcript. The
 * language tag says which:
 * - `ts`: type-checked against the package's sources (the `sagemaker-inference` path mapping) by
 *   `npm run typecheck` (scripts/typecheck.ts), in one program with the whole tree, which npm test
 *   runs beside these tests. A block that imports `sagemaker-inference/testing` is a unit test of a
 *   user's program: its tests run here, through the test kit; every other `ts` block is a program,
 *   run here under the mock runtime.
 * - `yaml`: a block whose first line is `# Pulumi.<stack>.yaml` is that stack's config, run through
 *   the stack's program (and so its config parser) under the mock runtime; a block with
 *   `resources:` is a Pulumi YAML program, checked against the package schema (types, properties,
 *   required inputs, `${resource.output}` references). The engine suite runs the README's.
 * - `python`: run under Python's mocks through the generated SDK, `go`: compiled against the
 *   generated SDK, both in the engine suite (tests/engine/languages.test.ts).
 * - `console`, `sh`, `shell`: transcripts of commands and their output, not run.
 * Any other tag, or none, is refused.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as yaml from "js-yaml";
import { ofType, runProgram } from "../support/harness";
import { stackConfigOf } from "../../scripts/offline-runtime";
import { PackageSchema, SCHEMA_FILE } from "../../scripts/api-docs";
import { DocBlock, docBlocks } from "../../scripts/doc-blocks";
import { KIT_MODULE } from "../../scripts/typecheck";

const TRANSCRIPTS = ["console", "sh", "shell"];
const ENGINE_SUITE = ["python", "go"];
const TESTED = ["ts", "yaml"];

const blocks = docBlocks();
const ofLanguage = (language: string) => blocks.filter((b) => b.language === language);
const usesKit = (block: DocBlock) => block.code.includes(`from "${KIT_MODULE}"`);
const schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, "utf8")) as PackageSchema;

/** The package's classes a block constructs: those it imports from "sagemaker-inference" and calls `new` on. */
function constructed(code: string): string[] {
    const imported = new Set([...code.matchAll(/import \{([^}]+)\} from "sagemaker-inference";/g)].flatMap((m) => m[1].split(",").map((n) => n.trim())));
    return [...new Set([...code.matchAll(/new (\w+)\(/g)].map((m) => m[1]).filter((name) => imported.has(name)))];
}

/** What is wrong with a Pulumi YAML program, checked against the package schema. */
function yamlProgramProblems(block: DocBlock): string[] {
    const program = yaml.load(block.code) as { resources?: Record<string, { type: string; properties?: Record<string, unknown> }>; outputs?: Record<string, unknown> };
    const problems: string[] = [];
    const resources = program.resources ?? {};
    const tokenOf = (type: string) => type.replace(/^sagemaker-inference:(?!index:)/, "sagemaker-inference:index:");
    const references = (value: unknown): string[] => typeof value === "string" ? [...value.matchAll(/\$\{([^}]+)\}/g)].map((m) => m[1])
        : typeof value === "object" && value !== null ? Object.values(value).flatMap(references) : [];
    const checkReferences = (at: string, value: unknown) => {
        for (const ref of references(value)) {
            const [name, output] = ref.split(".");
            const target = resources[name];
            const outputs = target ? schema.resources[tokenOf(target.type)]?.properties ?? {} : {};
            if (!target || !(output in outputs)) {
                problems.push(`${at}: \${${ref}} names no output of a resource of this program`);
            }
        }
    };
    for (const [name, resource] of Object.entries(resources)) {
        const component = schema.resources[tokenOf(resource.type)];
        if (!component) {
            problems.push(`${name}: ${resource.type} is not a component of the package`);
            continue;
        }
        const properties = resource.properties ?? {};
        for (const [key, value] of Object.entries(properties)) {
            const input = component.inputProperties[key];
            if (!input) {
                problems.push(`${name}.${key} is not an input of ${resource.type}`);
                continue;
            }
            const type = input.$ref ? schema.types[input.$ref.replace("#/types/", "")] : undefined;
            if (type?.properties && typeof value === "object" && value !== null) {
                problems.push(...Object.keys(value).filter((k) => !(k in type.properties!)).map((k) => `${name}.${key}.${k} is not a property of ${input.$ref}`));
            }
            checkReferences(`${name}.${key}`, value);
        }
        problems.push(...(component.requiredInputs ?? []).filter((key) => !(key in properties)).map((key) => `${name}: the required input ${key} is missing`));
    }
    checkReferences("outputs", program.outputs ?? {});
    return problems;
}

describe("the code blocks of the README and docs/", () => {
    it("each run in a test or are marked as transcripts: every language tag is one the tests know", () => {
        const known = [...TESTED, ...ENGINE_SUITE, ...TRANSCRIPTS];
        assert.deepStrictEqual(blocks.filter((b) => !known.includes(b.language)).map((b) => `${b.where}: \`\`\`${b.language}`), [],
            `tag each block ${known.join(", ")} (see the comment at the top of tests/docs/code-blocks.test.ts)`);
        assert.ok(ofLanguage("ts").length > 0 && ofLanguage("yaml").length > 0);
    });

    describe("unit tests of a user's program, run through the test kit", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "doc-kit-blocks-"));
        after(() => fs.rmSync(dir, { recursive: true, force: true }));
        for (const block of ofLanguage("ts").filter(usesKit)) {
            // Required while mocha collects: the block's own describe/it join this suite, as in a user's test file.
            describe(block.where, function () {
                const file = path.join(dir, `${block.where.replace(/[^a-zA-Z0-9]+/g, "-")}.ts`);
                fs.writeFileSync(file, block.code);
                require(file);
                // A block of the kit's that declares no test would pass untested: fail the whole run instead.
                if (this.tests.length === 0 && this.suites.length === 0) {
                    throw new Error(`${block.where} imports ${KIT_MODULE} but declares no test`);
                }
            });
        }
    });

    describe("run as programs under the mock runtime", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "doc-blocks-"));
        after(() => fs.rmSync(dir, { recursive: true, force: true }));

        for (const block of ofLanguage("ts").filter((b) => !usesKit(b))) {
            it(`${block.where} registers the components it constructs`, async () => {
                const file = path.join(dir, `${block.where.replace(/[^a-zA-Z0-9]+/g, "-")}.ts`);
                fs.writeFileSync(file, block.code);
                const run = await runProgram({ stack: "docs", config: { "aws:region": "us-east-1" }, program: () => require(file) });
                // A component's type is sagemaker-inference:index:<class>, a dynamic resource's pulumi-nodejs:dynamic/sagemaker-inference:<class>.
                const classes = constructed(block.code);
                assert.ok(classes.length > 0, `${block.where} constructs nothing of the package`);
                assert.deepStrictEqual(classes.filter((name) => run.resources.some((r) => r.type.endsWith(`sagemaker-inference:${name}`) || r.type === `sagemaker-inference:index:${name}`)), classes);
                assert.ok(run.resources.some((r) => r.custom), `${block.where} registered no cloud resource`);
            });
        }

        for (const block of ofLanguage("yaml").filter((b) => /^# Pulumi\.\w+\.yaml/.test(b.code))) {
            const stack = /^# Pulumi\.(\w+)\.yaml/.exec(block.code)![1];
            it(`${block.where} is a config the ${stack} stack's parser takes, and its program deploys endpoints from`, async () => {
                const run = await runProgram({ stack, config: stackConfigOf(block.code) });
                assert.ok(ofType(run, "aws-native:sagemaker:Endpoint").length > 0, `${block.where}: no endpoint registered`);
            });
        }
    });

    it("are, for YAML, either a stack's config or a Pulumi YAML program whose types, properties and references the package has", () => {
        const problems = ofLanguage("yaml").flatMap((block) => {
            if (/^# Pulumi\.\w+\.yaml/.test(block.code)) {
                return [];
            }
            if (!/^resources:/m.test(block.code)) {
                return [`${block.where}: neither \`# Pulumi.<stack>.yaml\` config nor a program with resources:`];
            }
            return yamlProgramProblems(block).map((p) => `${block.where}: ${p}`);
        });
        assert.deepStrictEqual(problems, []);
    });

    it("catch a YAML program's unknown input, missing required input and reference to no output", () => {
        const block: DocBlock = {
            where: "example", file: "example", language: "yaml",
            code: "resources:\n  e:\n    type: sagemaker-inference:ScaleToZeroEndpoint\n    properties:\n      instanceType: ml.g5.12xlarge\n      maxInstances: 2\noutputs:\n  name: ${e.name}\n",
        };
        assert.deepStrictEqual(yamlProgramProblems(block), [
            "e.maxInstances is not an input of sagemaker-inference:ScaleToZeroEndpoint",
            "e: the required input maxInstanceCount is missing",
            "outputs: ${e.name} names no output of a resource of this program",
        ]);
    });
});
