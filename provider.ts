/**
 * The package as a Pulumi plugin (PulumiPlugin.yaml). The Node.js language host runs a plugin
 * folder's package.json `main`, plugin.js: this file, compiled to bin/provider.js, which serves the components
 * to Python, Go, .NET, Java and YAML programs with the schema the build wrote (plugin-provider.ts).
 * It exports the function that serves: the host's run-plugin calls a module's exported function and
 * waits on it, and a library import of it serves nothing.
 */
import * as path from "path";
import { main } from "@pulumi/pulumi/provider";
import { shippedSchema, ShippedSchemaProvider } from "./plugin-provider";
import { PACKAGE_NAME, PROVIDED_COMPONENTS } from "./provided-components";

/** The package folder, above bin/. */
const PACKAGE_DIR = path.join(__dirname, "..");

function servePlugin(): Promise<void> {
    const provider = new ShippedSchemaProvider({ dirname: PACKAGE_DIR, name: PACKAGE_NAME, components: PROVIDED_COMPONENTS }, shippedSchema(PACKAGE_DIR));
    return main(provider, process.argv.slice(2));
}

export = servePlugin;
