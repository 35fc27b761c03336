import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { packArgs } from "../../policy-pack/policies";

const ROOT = path.join(__dirname, "..", "..");
const PACK = path.join(ROOT, "policy-pack");
const json = (file: string) => JSON.parse(fs.readFileSync(file, "utf8"));

describe("the policy pack as a folder of its own", () => {
    it("declares itself as a Node.js policy pack, with the dependencies it imports at the versions the repository tests", () => {
        assert.deepStrictEqual(yaml.load(fs.readFileSync(path.join(PACK, "PulumiPolicy.yaml"), "utf8")), {
            runtime: "nodejs",
            description: packArgs.description,
        });
        const pack = json(path.join(PACK, "package.json"));
        const root = json(path.join(ROOT, "package.json"));
        assert.strictEqual(pack.main, "index.ts");
        assert.deepStrictEqual(pack.dependencies, {
            "@pulumi/policy": root.devDependencies["@pulumi/policy"],
            "@pulumi/pulumi": root.dependencies["@pulumi/pulumi"],
        });
        for (const tool of ["typescript", "ts-node", "@types/node"]) {
            assert.strictEqual(pack.devDependencies[tool], root.devDependencies[tool], tool);
        }
    });

    // CI installs the pack alone (`npm ci` in its folder) to run it beside a program of any language; the
    // root's own `npm ci` and tests never read the pack's lock, only this test does.
    it("locks its dependencies for npm ci in its folder, at the versions the repository tests them at", () => {
        const pack = json(path.join(PACK, "package.json"));
        const lock = json(path.join(PACK, "package-lock.json"));
        const rootLock = json(path.join(ROOT, "package-lock.json"));
        assert.strictEqual(lock.lockfileVersion, 3);
        // npm ci refuses a lock whose root entry differs from package.json.
        assert.deepStrictEqual([lock.packages[""].dependencies, lock.packages[""].devDependencies], [pack.dependencies, pack.devDependencies]);
        for (const name of [...Object.keys(pack.dependencies), ...Object.keys(pack.devDependencies)]) {
            assert.strictEqual(lock.packages[`node_modules/${name}`].version, rootLock.packages[`node_modules/${name}`].version, name);
        }
    });

    it("runs no install script on npm ci that it has not decided on, as the root does", () => {
        const lock = json(path.join(PACK, "package-lock.json"));
        const withScripts = Object.entries(lock.packages as Record<string, { hasInstallScript?: boolean }>)
            .filter(([, p]) => p.hasInstallScript).map(([where]) => where.replace(/^.*node_modules\//, ""));
        assert.ok(withScripts.length > 0, "the lock records install scripts");
        const allowScripts = json(path.join(PACK, "package.json")).allowScripts ?? {};
        assert.deepStrictEqual(withScripts.filter((name) => !(name in allowScripts)), []);
        assert.match(fs.readFileSync(path.join(PACK, ".npmrc"), "utf8"), /^strict-allow-scripts=true$/m);
    });

    it("imports nothing but @pulumi/policy and its own files, so that it runs beside any program", () => {
        const sources = fs.readdirSync(PACK).filter((f) => f.endsWith(".ts"));
        const imports = sources.flatMap((f) => [...fs.readFileSync(path.join(PACK, f), "utf8").matchAll(/from "([^"]+)"/g)].map((m) => m[1]));
        assert.deepStrictEqual([...new Set(imports.filter((i) => !i.startsWith("./")))], ["@pulumi/policy"]);
    });

    it("stays out of the package's release, which holds the build's modules alone", () => {
        const build = json(path.join(ROOT, "tsconfig.build.json"));
        assert.ok((build.include as string[]).every((p) => !p.startsWith("policy-pack")), build.include);
        assert.deepStrictEqual(json(path.join(ROOT, "package.json")).files, ["bin/**/*.js", "bin/**/*.d.ts", "bin/schema.json", "plugin.js", "CHANGELOG.md"]);
    });

    it("names each policy once, each with a description, an enforcement level and its settings' defaults", () => {
        const names = packArgs.policies.map((p) => p.name);
        assert.deepStrictEqual(names, [
            "sagemaker-endpoint-encryption", "sagemaker-private-networking", "sagemaker-role-least-privilege", "sagemaker-training-plan-capacity",
            "sagemaker-scale-to-zero-wake-alarm", "sagemaker-retain-variant-properties", "sagemaker-cost-allocation-tags", "sagemaker-alarm-topic-encryption",
        ]);
        assert.deepStrictEqual(packArgs.policies.map((p) => [p.name, p.enforcementLevel]).filter(([, level]) => level !== "mandatory"), [
            ["sagemaker-private-networking", "advisory"], ["sagemaker-alarm-topic-encryption", "advisory"],
        ]);
        for (const p of packArgs.policies) {
            assert.ok(p.description.length > 20, p.name);
            for (const [key, schema] of Object.entries(p.configSchema?.properties ?? {})) {
                assert.ok(typeof schema === "object" && "default" in schema, `${p.name}.${key} has a default`);
            }
        }
    });
});
