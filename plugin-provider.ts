/**
 * The components as another language's program gets them, served from the schema the build wrote
 * (bin/schema.json, by scripts/package-schema.ts with Pulumi's analyzer) instead of analyzing the
 * TypeScript sources on every start, which took 10 to 25 s. The SDK's ComponentProvider does the
 * rest (package.json, resource type checks); only where the schema and the outputs come from differs.
 */
import * as fs from "fs";
import * as path from "path";
import { ComponentResourceOptions, Inputs } from "@pulumi/pulumi";
import { ConstructResult } from "@pulumi/pulumi/provider";
import { ComponentProvider, ComponentProviderOptions } from "@pulumi/pulumi/provider/experimental";

/** What construct reads of a package schema: each resource's outputs. */
interface PackageSchema {
    resources: Record<string, { properties?: Record<string, unknown> }>;
}

/** Where the build writes the schema, in a package folder. */
export const SCHEMA_FILE = path.join("bin", "schema.json");

/** The schema the build wrote in `dir`; without it, an error that says how to make it. */
export function shippedSchema(dir: string): string {
    const file = path.join(dir, SCHEMA_FILE);
    try {
        return fs.readFileSync(file, "utf8");
    } catch (err) {
        throw new Error(`sagemaker-inference: no ${SCHEMA_FILE} in ${dir} (${(err as Error).message}): ` +
            "the plugin serves the schema the build writes; run `npm ci` (or `npm install`, whose prepare builds) or `npm run build` there");
    }
}

export class ShippedSchemaProvider extends ComponentProvider {
    /** Each component's outputs, by component name, as the schema lists them. */
    private readonly outputs: Map<string, string[]>;

    constructor(options: ComponentProviderOptions, private readonly schemaText: string) {
        super(options);
        const resources = (JSON.parse(schemaText) as PackageSchema).resources;
        this.outputs = new Map(Object.entries(resources).map(([token, r]) => [token.split(":")[2], Object.keys(r.properties ?? {})]));
    }

    override async getSchema(): Promise<string> {
        return this.schemaText;
    }

    override async construct(name: string, type: string, inputs: Inputs, options: ComponentResourceOptions): Promise<ConstructResult> {
        ComponentProvider.validateResourceType(this.options.name, type);
        const componentName = type.split(":")[2];
        const component = this.options.components.find((c) => c.name === componentName);
        const outputs = this.outputs.get(componentName);
        if (component === undefined || outputs === undefined) {
            throw new Error(`sagemaker-inference serves no component ${componentName} (${type})`);
        }
        const instance = new component(name, inputs, options) as unknown as Record<string, unknown> & { urn: ConstructResult["urn"] };
        return { urn: instance.urn, state: Object.fromEntries(outputs.map((key) => [key, instance[key]])) };
    }
}
