/**
 * `npm run typecheck`: tsc --noEmit over tsconfig.json, incremental, and in the same program every
 * TypeScript code block of README.md and docs/, against the package's sources (the
 * path mappings of tsconfig.json: `sagemaker-inference` and `sagemaker-inference/testing`). One
 * program for both, so the blocks cost no second load of the packages' declarations.
 * tests/docs/code-blocks.test.ts says which blocks are which.
 */
import * as path from "path";
import * as ts from "typescript";
import { DocBlock, docBlocks, REPO } from "./doc-blocks";

const BUILD_INFO = path.join(REPO, "node_modules", ".cache", "sagemaker-inference", "typecheck.tsbuildinfo");
export const KIT_MODULE = "sagemaker-inference/testing";
/** "Declared but never read" and its kin, which noUnusedLocals raises. */
const UNUSED = [6133, 6196, 6198];

/** A block's file in the program: under the repository, so that its imports resolve from its node_modules. */
export function blockFile(block: DocBlock): string {
    return path.join(REPO, ".doc-blocks", `${block.where.replace(/[^a-zA-Z0-9]+/g, "-")}.ts`);
}

/** Type errors of the tree and of every `ts` block, as tsc prints them; a block's are placed at its line in its Markdown file. */
export function typeErrors(blocks: DocBlock[] = docBlocks().filter((b) => b.language === "ts"), buildInfo: string | undefined = BUILD_INFO): string[] {
    const config = ts.getParsedCommandLineOfConfigFile(path.join(REPO, "tsconfig.json"), {}, {
        ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n")); },
    })!;
    const options: ts.CompilerOptions = {
        ...config.options,
        noEmit: true,
        incremental: buildInfo !== undefined,
        tsBuildInfoFile: buildInfo,
    };
    const blocksByFile = new Map(blocks.map((b) => [blockFile(b), b]));
    const host = ts.createIncrementalCompilerHost(options);
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (file, language, onError) => {
        const block = blocksByFile.get(file);
        if (!block) {
            return getSourceFile(file, language, onError);
        }
        const source = ts.createSourceFile(file, block.code, language);
        (source as ts.SourceFile & { version: string }).version = ts.sys.createHash!(block.code);
        return source;
    };
    const fileExists = host.fileExists.bind(host);
    host.fileExists = (file) => blocksByFile.has(file) || fileExists(file);
    const builder = ts.createIncrementalProgram({ rootNames: [...config.fileNames, ...blocksByFile.keys()], options, host });
    const diagnostics = [
        ...builder.getConfigFileParsingDiagnostics(),
        ...builder.getSyntacticDiagnostics(),
        ...builder.getGlobalDiagnostics(),
        ...builder.getSemanticDiagnostics(),
    ].filter((d) => !(d.file && blocksByFile.has(d.file.fileName) && (
        // A documented program may name a resource it does not use again.
        UNUSED.includes(d.code))));
    builder.emit();
    return diagnostics.map((d) => {
        const block = d.file && blocksByFile.get(d.file.fileName);
        if (!block) {
            return ts.formatDiagnostic(d, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => REPO, getNewLine: () => "\n" }).trimEnd();
        }
        // The block's first line is the one below its fence.
        const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
        const [file, fence] = block.where.split(":");
        return `${file}:${Number(fence) + 1 + line}: error TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
    });
}

if (require.main === module) {
    const errors = typeErrors();
    if (errors.length > 0) {
        console.error(errors.join("\n"));
        process.exit(1);
    }
}
