/**
 * What a plan can cost, as plain functions over plain values: the most instance-hours per week per
 * instance type, reserved capacity over a training plan's length, and money at given hourly prices.
 * testing/summary.ts reads these values off a run's resources and prints them.
 */

export const HOURS_PER_WEEK = 168;

/** One endpoint variant's instances billed by the hour, as the program would deploy them. */
export interface Fleet {
    /** The endpoint's name. */
    endpoint: string;
    /** Its instance type, or an instance pool's types (any one of which may serve). */
    instanceTypes: string[];
    /** Instances it keeps with no traffic: auto scaling's minimum, 0 when it scales to zero. */
    floor: number;
    /** The most instances it may run. */
    ceiling: number;
    /** The most hours in a week it may hold instances: 168, or fewer when a schedule parks it. */
    hoursPerWeek: number;
    /** How it reaches its floor or its hours, in words: "scales to zero when nothing is queued". */
    how?: string;
}

/** Instances reserved by a training plan, paid for the plan's whole length whether used or not. */
export interface ReservedCapacity {
    /** The plan's name or ARN. */
    plan: string;
    instanceType: string;
    instanceCount: number;
    /** The plan's length in hours: as bought, or what is left of an existing plan. */
    hours: number;
    /** When the plan ends (an existing plan); set when the end is a stand-in, made up offline. */
    standInEnd?: string;
    /** When the stack buys the plan: the most it pays upfront (its maxUpfrontFee and its extensions'). */
    upfrontFee?: { amount: number | "secret"; currency: string };
}

/** The instance-hours one instance type (or pool) can run per week, summed over the fleets using it. */
export interface WeeklyHours {
    instanceTypes: string[];
    /** With no traffic: each fleet's floor for its hours. */
    floorHours: number;
    /** At most: each fleet's ceiling for its hours. */
    ceilingHours: number;
    fleets: Fleet[];
}

/** Rounds hours to hundredths, so that 107.5 h x 3 prints as 322.5, not 322.49999. */
export function hundredths(n: number): number {
    return Math.round(n * 100) / 100;
}

/** The weekly instance-hours per instance type (an instance pool counts as one), in the order the types first appear. */
export function weeklyHours(fleets: Fleet[]): WeeklyHours[] {
    const byType = new Map<string, WeeklyHours>();
    for (const f of fleets) {
        const key = f.instanceTypes.join(" or ");
        const h = byType.get(key) ?? { instanceTypes: f.instanceTypes, floorHours: 0, ceilingHours: 0, fleets: [] };
        h.floorHours = hundredths(h.floorHours + f.floor * f.hoursPerWeek);
        h.ceilingHours = hundredths(h.ceilingHours + f.ceiling * f.hoursPerWeek);
        h.fleets.push(f);
        byType.set(key, h);
    }
    return [...byType.values()];
}

/** A reservation's instance-hours: in one week (a plan shorter than a week, its length) and over the whole plan. */
export function reservedHours(r: Pick<ReservedCapacity, "instanceCount" | "hours">): { perWeek: number; total: number } {
    return { perWeek: hundredths(r.instanceCount * Math.min(HOURS_PER_WEEK, r.hours)), total: hundredths(r.instanceCount * r.hours) };
}

/** Hourly prices per instance type, e.g. {"ml.g5.2xlarge": 1.515}. */
export type Prices = Record<string, number>;

const INSTANCE_TYPE = /^ml\.[a-z0-9-]+\.[a-z0-9-]+$/;

/**
 * Checks hourly prices from `source` (a file's name, or an option's): an object whose keys are
 * SageMaker instance types and whose values are prices above 0. Errors name the source, the key and the value.
 */
export function checkPrices(source: string, value: unknown): Prices {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        throw new Error(`${source}: ${JSON.stringify(value)} must be an object of hourly prices per instance type, e.g. {"ml.g5.2xlarge": 1.515}`);
    }
    for (const [key, price] of Object.entries(value)) {
        if (!INSTANCE_TYPE.test(key)) {
            throw new Error(`${source}: key ${JSON.stringify(key)} is not a SageMaker instance type (ml.<family>.<size>, e.g. ml.g5.2xlarge)`);
        }
        if (typeof price !== "number" || !Number.isFinite(price) || price <= 0) {
            throw new Error(`${source}: ${key}: ${JSON.stringify(price)} must be an hourly price, a number above 0`);
        }
    }
    return value as Prices;
}

/** Prices from a JSON text read from `source`; the parse error, if any, names the source. */
export function parsePrices(source: string, text: string): Prices {
    let value: unknown;
    try {
        value = JSON.parse(text);
    } catch (err) {
        throw new Error(`${source}: not JSON: ${(err as Error).message}`);
    }
    return checkPrices(source, value);
}

/**
 * The hourly price of an instance type or pool: for a pool, its dearest type, the most an hour can
 * cost. Undefined, with the types the prices lack, when any is missing: a price is never guessed.
 */
export function hourlyPrice(instanceTypes: string[], prices: Prices): { price?: number; missing: string[] } {
    const missing = instanceTypes.filter((t) => prices[t] === undefined);
    return missing.length > 0 ? { missing } : { price: Math.max(...instanceTypes.map((t) => prices[t])), missing };
}

/** Money: hours at an hourly price, to the cent. */
export function cost(hours: number, price: number): number {
    return hundredths(hours * price);
}
