/**
 * The package schema as Pulumi's analyzer infers it from the components' `...Args` interfaces and
 * doc comments. `npm run build` writes it to bin/schema.json, which the plugin serves
 * (plugin-provider.ts) without analyzing anything; test:pack checks a fresh analysis against the
 * committed tests/package/schema.json, and the build's file against both.
 */
import * as fs from "fs";
import * as path from "path";
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental";
import { SCHEMA_FILE } from "../plugin-provider";
import { PACKAGE_NAME, PROVIDED_COMPONENTS } from "../provided-components";

const ROOT = path.join(__dirname, "..");

/** The schema the analyzer infers from the package in `dir` (its package.json, tsconfig.json and sources), as the build writes it. */
export async function inferredSchema(dir: string): Promise<string> {
    const analyzing = new ComponentProvider({ dirname: dir, name: PACKAGE_NAME, components: PROVIDED_COMPONENTS });
    return JSON.stringify(JSON.parse(await analyzing.getSchema()), null, 2) + "\n";
}

if (require.main === module) {
    inferredSchema(ROOT).then((schema) => fs.writeFileSync(path.join(ROOT, SCHEMA_FILE), schema), (err: unknown) => {
        console.error(err);
        process.exitCode = 1;
    });
}
