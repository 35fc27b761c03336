/**
 * Writes tests/support/aws-models/<service>.json: the subset of botocore's API models (service-2.json)
 * that the package's resources turn into, so that tests can check what the package sends against
 * AWS's own rules without the full models (which live in shared/, out of CI's reach, and are
 * megabytes large).
 *
 * Only the shapes reachable from the roots below are kept, and of each only the machine-readable
 * rules (documentation strings are most of the models' size and no test reads them).
 *
 * Run: npx ts-node --transpile-only scripts/extract-aws-shapes.ts [models-dir]
 */
import * as fs from "fs";
import * as path from "path";

/** The botocore commit the models in shared/aws-models were copied from (see its README.md). */
const BOTOCORE_COMMIT = "0e6e2404b85dc336dd2889814e089bde7d1a4c55";

/** The request shapes whose reach the tests check, per service (file name in the models dir). */
const ROOTS: Record<string, string[]> = {
    "sagemaker": ["CreateEndpointConfigInput", "UpdateEndpointInput", "CreateEndpointInput", "CreateModelInput"],
    "cloudwatch": ["PutMetricAlarmInput", "PutDashboardInput"],
    "application-autoscaling": ["PutScalingPolicyRequest", "RegisterScalableTargetRequest"],
    "scheduler": ["CreateScheduleInput"],
    // The engine suite's stand-in account checks every classic resource it is sent against these.
    "iam": ["CreateRoleRequest", "PutRolePolicyRequest"],
    "s3": ["CreateBucketRequest", "PutPublicAccessBlockRequest", "PutBucketEncryptionRequest", "PutBucketLifecycleConfigurationRequest", "PutBucketPolicyRequest"],
    "sns": ["CreateTopicInput"],
};

/**
 * The rules a shape keeps; everything else (documentation, box, sensitive, ...) is dropped. `union`
 * (a structure that takes exactly one member) is kept too: CloudWatch's alarm shapes have it.
 */
const SHAPE_FIELDS = ["type", "members", "required", "union", "enum", "min", "max", "pattern", "member", "key", "value"] as const;

interface ShapeRef { shape: string }
type Shape = { type: string; members?: Record<string, ShapeRef>; member?: ShapeRef; key?: ShapeRef; value?: ShapeRef } & Record<string, unknown>;
interface ServiceModel { metadata: { apiVersion: string }; shapes: Record<string, Shape> }

/** The names of the shapes a shape refers to directly. */
function referencedShapes(shape: Shape): string[] {
    const refs = [...Object.values(shape.members ?? {}), shape.member, shape.key, shape.value];
    return refs.filter((ref): ref is ShapeRef => ref !== undefined).map((ref) => ref.shape);
}

/** Every shape reachable from the roots, roots included, sorted for a stable file. */
function reachable(shapes: Record<string, Shape>, roots: string[]): string[] {
    const seen = new Set<string>();
    const pending = [...roots];
    while (pending.length > 0) {
        const name = pending.pop()!;
        if (seen.has(name)) {
            continue;
        }
        if (!(name in shapes)) {
            throw new Error(`shape ${name} is referenced but not defined`);
        }
        seen.add(name);
        pending.push(...referencedShapes(shapes[name]));
    }
    return [...seen].sort();
}

/** A shape with only its rules; a member keeps only the name of its shape. */
function stripped(shape: Shape): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const field of SHAPE_FIELDS) {
        if (shape[field] === undefined) {
            continue;
        }
        out[field] = field === "members"
            ? Object.fromEntries(Object.entries(shape.members!).map(([name, ref]) => [name, { shape: ref.shape }]))
            : ["member", "key", "value"].includes(field) ? { shape: (shape[field] as ShapeRef).shape } : shape[field];
    }
    return out;
}

/** One shape a line: small, yet a model update shows in a diff as the shapes that changed. */
function render(source: string, roots: string[], shapes: Record<string, Record<string, unknown>>): string {
    const lines = Object.entries(shapes).map(([name, shape]) => `    ${JSON.stringify(name)}: ${JSON.stringify(shape)}`);
    return `{\n  "source": ${JSON.stringify(source)},\n  "roots": ${JSON.stringify(roots)},\n  "shapes": {\n${lines.join(",\n")}\n  }\n}\n`;
}

function extract(modelsDir: string, outDir: string, service: string, roots: string[]): string {
    const model = JSON.parse(fs.readFileSync(path.join(modelsDir, `${service}.json`), "utf8")) as ServiceModel;
    const names = reachable(model.shapes, roots);
    const shapes = Object.fromEntries(names.map((name) => [name, stripped(model.shapes[name])]));
    const source = `github.com/boto/botocore commit ${BOTOCORE_COMMIT}, path botocore/data/${service}/${model.metadata.apiVersion}/service-2.json: `
        + `an unmodified subset (the shapes reachable from the roots, without their documentation strings), written by scripts/extract-aws-shapes.ts`;
    const file = path.join(outDir, `${service}.json`);
    fs.writeFileSync(file, render(source, roots, shapes));
    return `${file}: ${names.length} shapes, ${fs.statSync(file).size} bytes`;
}

function main(): void {
    const modelsDir = process.argv[2] ?? path.join(__dirname, "..", "..", "shared", "aws-models");
    const outDir = path.join(__dirname, "..", "tests", "support", "aws-models");
    fs.mkdirSync(outDir, { recursive: true });
    for (const [service, roots] of Object.entries(ROOTS)) {
        console.log(extract(modelsDir, outDir, service, roots));
    }
}

main();
