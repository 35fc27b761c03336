/**
 * The engine suite's setup builds the CLI and the SDK generator from scripts/engine/pulumi, whose
 * go.mod must pin the `@pulumi/pulumi` that package-lock.json installs. These run in `npm test`
 * (no Go needed), so that a bump of @pulumi/pulumi without the wrapper module fails here first.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { checkPulumiModule, goModRequirement, lockedPulumiVersion } from "../../scripts/engine-setup";

const ROOT = path.join(__dirname, "..", "..");
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");

describe("the engine suite's setup", () => {
    it("pins the CLI's wrapper module to the @pulumi/pulumi that package-lock.json installs", () => {
        const version = lockedPulumiVersion(read("package-lock.json"));
        assert.strictEqual(version, JSON.parse(read("node_modules/@pulumi/pulumi/package.json")).version);
        const goMod = read("scripts/engine/pulumi/go.mod");
        assert.doesNotThrow(() => checkPulumiModule(goMod, version));
        // pkg/v3's own go.mod replaces the clipboard module; a wrapper must repeat it or the CLI does not build.
        assert.match(goMod, /^replace github\.com\/atotto\/clipboard => github\.com\/tgummerer\/clipboard v0\.0\.0-20241001131231-d02d263e614e$/m);
    });

    it("refuses a wrapper module whose pkg/v3 or sdk/v3 is not the locked version, and says how to mend it", () => {
        const goMod = read("scripts/engine/pulumi/go.mod");
        assert.throws(() => checkPulumiModule(goMod, "3.999.0"),
            /requires github\.com\/pulumi\/pulumi\/pkg\/v3 v\d+\.\d+\.\d+, but package-lock\.json installs @pulumi\/pulumi 3\.999\.0: run `go get github\.com\/pulumi\/pulumi\/pkg\/v3@v3\.999\.0 github\.com\/pulumi\/pulumi\/sdk\/v3@v3\.999\.0 && go mod tidy` there/);
        const sdkBehind = "module m\n\ngo 1.26\n\nrequire github.com/pulumi/pulumi/pkg/v3 v3.248.0\n\nrequire github.com/pulumi/pulumi/sdk/v3 v3.247.0 // indirect\n";
        assert.throws(() => checkPulumiModule(sdkBehind, "3.248.0"), /requires github\.com\/pulumi\/pulumi\/sdk\/v3 v3\.247\.0, but/);
        assert.throws(() => checkPulumiModule("module m\n", "3.248.0"), /requires github\.com\/pulumi\/pulumi\/pkg\/v3 at no version/);
    });

    it("reads a requirement written on its own line or inside a require block, not a longer module path", () => {
        assert.strictEqual(goModRequirement("require github.com/pulumi/pulumi-yaml v1.25.0\n", "github.com/pulumi/pulumi-yaml"), "v1.25.0");
        assert.strictEqual(goModRequirement("require (\n\tgithub.com/pulumi/pulumi/sdk/v3 v3.248.0 // indirect\n)\n", "github.com/pulumi/pulumi/sdk/v3"), "v3.248.0");
        assert.strictEqual(goModRequirement("require github.com/pulumi/pulumi/sdk/v3extra v3.1.0\n", "github.com/pulumi/pulumi/sdk/v3"), undefined);
        assert.strictEqual(goModRequirement(read("scripts/engine/yaml/go.mod"), "github.com/pulumi/pulumi-yaml"), "v1.25.0");
    });

    it("finds no @pulumi/pulumi in a lock file without it", () => {
        assert.throws(() => lockedPulumiVersion(JSON.stringify({ packages: { "": {} } })), /package-lock\.json installs no @pulumi\/pulumi/);
    });
});
