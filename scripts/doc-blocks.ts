/**
 * The fenced code blocks of README.md and docs/, for the tests that check them: each block with
 * its file, line and language tag. The engine suite runs the Python and Go ones from here too.
 */
import * as fs from "fs";
import * as path from "path";

export const REPO = path.join(__dirname, "..");

export interface DocBlock {
    /** Where the block starts, `docs/scale-to-zero.md:11`: what a failure names. */
    where: string;
    file: string;
    /** The language tag after the opening fence; empty when there is none. */
    language: string;
    code: string;
}

/** The Markdown files whose blocks are checked: the README and every page under docs/. */
export function docFiles(): string[] {
    const pages = (dir: string): string[] => fs.readdirSync(path.join(REPO, dir), { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory() ? pages(path.join(dir, entry.name)) : entry.name.endsWith(".md") ? [path.join(dir, entry.name)] : []);
    return ["README.md", ...pages("docs").sort()];
}

/** Every fenced block of a Markdown file (fences of three backticks at the start of a line). */
export function blocksOf(file: string): DocBlock[] {
    const lines = fs.readFileSync(path.join(REPO, file), "utf8").split("\n");
    const blocks: DocBlock[] = [];
    for (let i = 0; i < lines.length; i++) {
        const open = /^```(\S*)\s*$/.exec(lines[i]);
        if (!open) {
            continue;
        }
        const end = lines.findIndex((line, j) => j > i && /^```\s*$/.test(line));
        if (end < 0) {
            throw new Error(`${file}:${i + 1}: a code block that is never closed`);
        }
        blocks.push({ where: `${file}:${i + 1}`, file, language: open[1], code: lines.slice(i + 1, end).join("\n") + "\n" });
        i = end;
    }
    return blocks;
}

/** Every block of the README and docs/. */
export function docBlocks(): DocBlock[] {
    return docFiles().flatMap(blocksOf);
}

/** The first block of a language that holds `marker`, for tests that run one block by what it holds. */
export function docBlock(language: string, marker: string): DocBlock {
    const block = docBlocks().find((b) => b.language === language && b.code.includes(marker));
    if (!block) {
        throw new Error(`no ${language} block in README.md or docs/ holds ${marker}`);
    }
    return block;
}
