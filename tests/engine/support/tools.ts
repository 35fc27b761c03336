/** What the engine suite runs with: tools built once and cached outside the clone by scripts/engine-setup.ts. */
export interface EngineTools {
    /** The `@pulumi/pulumi` version in package-lock.json, which the CLI and the Python SDK match. */
    version: string;
    /** Where the tools are cached, outside the clone. */
    cacheDir: string;
    /** A folder holding `bin/pulumi`, as `PulumiCommand.get({ root })` expects. */
    pulumiRoot: string;
    /** The `pulumi-language-yaml` executable. */
    yamlHost: string;
    /** A virtual environment's `python`, with `pulumi` at `version` installed. */
    python: string;
    /** The SDK generator: `sdkgen <schema.json> <python|go|nodejs> <out dir>`. */
    sdkgen: string;
}
