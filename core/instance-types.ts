import { ProductionVariantInstanceType, ReservedCapacityInstanceType } from "@aws-sdk/client-sagemaker";
import { distance } from "fastest-levenshtein";

/** Every instance type SageMaker hosting accepts, as the SDK lists them. */
const HOSTING_TYPES: readonly string[] = Object.values(ProductionVariantInstanceType);
/** The instance types a training plan can reserve, as the SDK lists them: the only ones an endpoint on a plan can run. */
export const RESERVABLE_TYPES: readonly string[] = Object.values(ReservedCapacityInstanceType);

export const isHostingType = (type: string) => HOSTING_TYPES.includes(type);
export const isReservableType = (type: string) => RESERVABLE_TYPES.includes(type);

/** The hosting types nearest to a name that is not one, nearest first. */
export function nearestHostingTypes(type: string, count = 3): string[] {
    return HOSTING_TYPES.map((t) => ({ t, d: distance(type, t) })).sort((a, b) => a.d - b.d || a.t.localeCompare(b.t)).slice(0, count).map((x) => x.t);
}

/**
 * Accelerator devices (GPUs, or Neuron devices on inf2/trn) per SageMaker hosting instance type, for
 * the types LLM inference commonly runs on. An inference component asking for more devices than
 * one instance has can never be placed: SageMaker would accept it and leave it Creating.
 */

/** Sizes with one device unless listed. */
function family(prefix: string, sizes: string[], many: Record<string, number>): Record<string, number> {
    return Object.fromEntries(sizes.map((size) => [`ml.${prefix}.${size}`, many[size] ?? 1]));
}

const G_SIZES = ["xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge", "48xlarge"];
const G_MANY = { "12xlarge": 4, "24xlarge": 4, "48xlarge": 8 };

const ACCELERATORS: Record<string, number> = {
    ...family("g4dn", ["xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"], { "12xlarge": 4 }),
    ...family("g5", G_SIZES, G_MANY),
    ...family("g6", G_SIZES, G_MANY),
    ...family("g6e", G_SIZES, G_MANY),
    ...family("p3", ["2xlarge", "8xlarge", "16xlarge"], { "8xlarge": 4, "16xlarge": 8 }),
    "ml.p3dn.24xlarge": 8,
    "ml.p4d.24xlarge": 8,
    "ml.p4de.24xlarge": 8,
    "ml.p5.48xlarge": 8,
    "ml.p5e.48xlarge": 8,
    "ml.p5en.48xlarge": 8,
    ...family("inf2", ["xlarge", "8xlarge", "24xlarge", "48xlarge"], { "24xlarge": 6, "48xlarge": 12 }),
    "ml.trn1.2xlarge": 1,
    "ml.trn1.32xlarge": 16,
};

/** Accelerator devices on one instance of the type, or undefined for a type this table does not know. */
export function acceleratorsOf(instanceType: string): number | undefined {
    return ACCELERATORS[instanceType];
}
