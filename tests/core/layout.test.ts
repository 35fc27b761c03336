import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

const COMPONENTS = path.join(__dirname, "..", "..", "components");
const CAPABILITIES = ["model", "endpoint", "scale-to-zero", "async", "scaling", "reservation", "monitoring"];

/** The relative imports of a source file, resolved to paths under components/ (or beyond). */
function relativeImports(file: string): string[] {
    const text = fs.readFileSync(file, "utf8");
    return [...text.matchAll(/(?:from|import|require)\s*\(?\s*"(\.{1,2}\/[^"]+)"/g)]
        .map((m) => path.relative(COMPONENTS, path.resolve(path.dirname(file), m[1])));
}

describe("the components' layout by capability", () => {
    it("keeps each component beside its plans, one folder per capability, and shared code in core/", () => {
        const folders = fs.readdirSync(COMPONENTS, { withFileTypes: true });
        assert.deepStrictEqual(folders.filter((f) => !f.isDirectory()).map((f) => f.name), [], "no file outside a folder");
        assert.deepStrictEqual(folders.map((f) => f.name).sort(), ["core", ...CAPABILITIES].sort());
    });

    it("core/ imports no capability, only core/ and packages", () => {
        const core = path.join(COMPONENTS, "core");
        const outside = fs.readdirSync(core).flatMap((f) => relativeImports(path.join(core, f))
            .filter((target) => !target.startsWith(`core${path.sep}`)).map((target) => `${f} imports ${target}`));
        assert.deepStrictEqual(outside, []);
    });

    it("no component imports the stacks, scripts or tests", () => {
        const wrong = CAPABILITIES.flatMap((cap) => fs.readdirSync(path.join(COMPONENTS, cap)).flatMap((f) =>
            relativeImports(path.join(COMPONENTS, cap, f)).filter((t) => /^\.\.[/\\](stacks|scripts|tests)[/\\]/.test(t)).map((t) => `${cap}/${f} imports ${t}`)));
        assert.deepStrictEqual(wrong, []);
    });

    it("monitoring/ imports only core/: the endpoints use it, and it reads their metrics config from its own metrics-plan", () => {
        const monitoring = path.join(COMPONENTS, "monitoring");
        const outside = fs.readdirSync(monitoring).flatMap((f) => relativeImports(path.join(monitoring, f))
            .filter((target) => !/^(core|monitoring)[/\\]/.test(target)).map((target) => `${f} imports ${target}`));
        assert.deepStrictEqual(outside, []);
    });
});
