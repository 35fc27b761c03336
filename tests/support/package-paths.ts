/**
 * Lets tests and examples require the package by its name, `sagemaker-inference` and
 * `sagemaker-inference/testing`, as a user's program does: each resolves to this checkout's sources,
 * by the same `paths` that tsconfig.json gives the type checker. Loaded by .mocharc.json.
 */
import * as fs from "fs";
import * as path from "path";
import Module = require("module");

const ROOT = path.join(__dirname, "..", "..");
const paths = (JSON.parse(fs.readFileSync(path.join(ROOT, "tsconfig.json"), "utf8")) as { compilerOptions: { paths: Record<string, string[]> } })
    .compilerOptions.paths;

const resolver = Module as unknown as { _resolveFilename(request: string, ...rest: unknown[]): string };
const resolve = resolver._resolveFilename;
resolver._resolveFilename = function (request: string, ...rest: unknown[]): string {
    const mapped = paths[request];
    return resolve.call(this, mapped === undefined ? request : path.join(ROOT, mapped[0]), ...rest);
};
