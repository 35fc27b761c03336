import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { docFiles, REPO } from "../../scripts/doc-blocks";

/** The anchor a Markdown heading gets, as GitHub makes it: lower case, punctuation dropped, spaces as hyphens. */
export function anchorOf(heading: string): string {
    return heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, "").replace(/\s/g, "-");
}

/** The anchors of a Markdown file's headings, outside code blocks. */
function anchorsOf(file: string): Set<string> {
    const text = fs.readFileSync(path.join(REPO, file), "utf8").replace(/^```[\s\S]*?^```/gm, "");
    return new Set([...text.matchAll(/^#+ (.+)$/gm)].map((m) => anchorOf(m[1])));
}

describe("the links of the README and docs/", () => {
    it("lead to files of the repository, and to headings that exist", () => {
        const broken = docFiles().flatMap((file) => {
            const text = fs.readFileSync(path.join(REPO, file), "utf8").replace(/^```[\s\S]*?^```/gm, "").replace(/`[^`\n]*`/g, "");
            return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((target) => !/^[a-z]+:/.test(target)).flatMap((target) => {
                const [to, anchor] = target.split("#");
                const resolved = to === "" ? file : path.normalize(path.join(path.dirname(file), to));
                if (!fs.existsSync(path.join(REPO, resolved))) {
                    return [`${file}: ${target} (no such file)`];
                }
                return anchor !== undefined && resolved.endsWith(".md") && !anchorsOf(resolved).has(anchor) ? [`${file}: ${target} (no such heading)`] : [];
            });
        });
        assert.deepStrictEqual(broken, []);
    });

    it("make anchors as GitHub does", () => {
        assert.deepStrictEqual(["Stack `production`", "`InferenceComponentRuntimeConfig`", "Quick start: YAML", "Payloads and timeouts"].map(anchorOf),
            ["stack-production", "inferencecomponentruntimeconfig", "quick-start-yaml", "payloads-and-timeouts"]);
    });
});
