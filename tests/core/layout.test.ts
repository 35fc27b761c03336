import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.join(__dirname, "..", "..");
const COMPONENTS = path.join(ROOT, "components");
/**
 * The capabilities by floor, the ground first: a capability imports only those on floors below
 * its own, so that no import runs back up (the endpoints use reservations, never the reverse).
 */
const CAPABILITY_FLOORS = [["model", "monitoring", "reservation", "scaling"], ["endpoint"], ["async", "scale-to-zero"]];
const CAPABILITIES = CAPABILITY_FLOORS.flat();

/** The relative imports of a source file, as paths from the project's root. */
function relativeImports(file: string): string[] {
    const text = fs.readFileSync(file, "utf8");
    return [...text.matchAll(/(?:from|import|require)\s*\(?\s*"(\.{1,2}\/[^"]+)"/g)]
        .map((m) => path.relative(ROOT, path.resolve(path.dirname(file), m[1])).split(path.sep).join("/"));
}

/** Every source file under a folder of the project, as a path from the root. */
function sources(folder: string): string[] {
    return fs.readdirSync(path.join(ROOT, folder), { withFileTypes: true }).flatMap((f) =>
        f.isDirectory() ? sources(`${folder}/${f.name}`) : f.name.endsWith(".ts") ? [`${folder}/${f.name}`] : []);
}

/** Each import of a file under `folder` whose target lies outside `folder` and outside every folder `allowed`. */
function importsBeyond(folder: string, allowed: string[]): string[] {
    return sources(folder).flatMap((file) => relativeImports(path.join(ROOT, file))
        .filter((target) => ![folder, ...allowed].some((f) => target.startsWith(`${f}/`)))
        .map((target) => `${file} imports ${target}`));
}

describe("the components' layout by capability", () => {
    it("keeps each component beside its plans, one folder per capability", () => {
        const folders = fs.readdirSync(COMPONENTS, { withFileTypes: true });
        assert.deepStrictEqual(folders.filter((f) => !f.isDirectory()).map((f) => f.name), [], "no file outside a folder");
        assert.deepStrictEqual(folders.map((f) => f.name).sort(), [...CAPABILITIES].sort());
    });

    it("core/, shared by components and dynamic providers, imports only core/ and packages", () => {
        assert.deepStrictEqual(importsBeyond("core", []), []);
    });

    it("dynamic-providers/ imports only core/ and packages: the components use the providers, never the other way round", () => {
        assert.deepStrictEqual(importsBeyond("dynamic-providers", ["core"]), []);
    });

    it("no component imports the stacks, scripts or tests", () => {
        assert.deepStrictEqual(sources("components").flatMap((file) => relativeImports(path.join(ROOT, file))
            .filter((t) => /^(stacks|scripts|tests)\//.test(t)).map((t) => `${file} imports ${t}`)), []);
    });

    it("each capability imports only capabilities on a lower floor, dynamic-providers/ and core/", () => {
        const wrong = CAPABILITY_FLOORS.flatMap((floor, i) => floor.flatMap((cap) =>
            importsBeyond(`components/${cap}`, ["core", "dynamic-providers", ...CAPABILITY_FLOORS.slice(0, i).flat().map((c) => `components/${c}`)])));
        assert.deepStrictEqual(wrong, []);
    });

    it("monitoring/ imports only core/: the endpoints use it, and it reads their metrics config from its own metrics-plan", () => {
        assert.deepStrictEqual(importsBeyond("components/monitoring", ["core"]), []);
    });
});
