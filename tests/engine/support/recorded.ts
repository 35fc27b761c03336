/**
 * States written by earlier versions of the package, as scripts/engine-record.ts records them in
 * tests/engine/states/<program>.json: which commit deployed what, the stack's settings file (its
 * secrets salt included, so the state's and the config's secrets decrypt), the deployment the engine
 * exported, and the stand-in account the deployment describes.
 */
import * as fs from "fs";
import * as path from "path";
import { StackSettings } from "@pulumi/pulumi/automation";
import { StandinComponent, StandinEndpoint, StandinPlan } from "../../support/sagemaker-standin";
import { LiveResource, StandinAccount } from "../standin/account";
import { REPO } from "./plugins";

export const STATES_DIR = path.join(REPO, "tests/engine/states");

/** What the SageMaker stand-in held: the plans, endpoints and inference components the dynamic providers read. */
export interface SageMakerSnapshot {
    plans: StandinPlan[];
    endpoints: StandinEndpoint[];
    components: StandinComponent[];
}

export interface RecordedState {
    /** A stack of this repository (`dev`, `production`, `evaluation`), or `library`: a library user's program. */
    program: string;
    /** The stack's name. */
    stack: string;
    /** The ref given to the recorder, its commit and the commit's date. */
    ref: string;
    commit: string;
    date: string;
    /** When it was recorded: the SageMaker stand-in's times move on by the time since, on load. */
    recordedAt: string;
    /** `Pulumi.<stack>.yaml` after the up. */
    settings: StackSettings;
    /** `pulumi stack export`'s deployment. */
    deployment: unknown;
    /** The stand-in account's resources after the up, outputs less what equals an input (see compactResources). */
    account: CompactResource[];
    sagemaker: SageMakerSnapshot;
}

export function stateFile(program: string): string {
    return path.join(STATES_DIR, `${program}.json`);
}

/** Every recorded state, by program name. */
export function recordedStates(): RecordedState[] {
    if (!fs.existsSync(STATES_DIR)) {
        return [];
    }
    return fs.readdirSync(STATES_DIR).filter((f) => f.endsWith(".json")).sort()
        .map((f) => JSON.parse(fs.readFileSync(path.join(STATES_DIR, f), "utf8")) as RecordedState);
}

/** A live resource whose outputs hold only what differs from its inputs: the account's outputs spread the inputs first. */
export type CompactResource = Omit<LiveResource, "outputs"> & { computed: LiveResource["outputs"] };

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The account's resources without the inputs repeated in the outputs: a state file half as long, the same account. */
export function compactResources(resources: LiveResource[]): CompactResource[] {
    return resources.map(({ outputs, ...rest }) => {
        const compact = { ...rest, computed: Object.fromEntries(Object.entries(outputs).filter(([k, v]) => !same(rest.inputs[k], v))) };
        if (!same(expand(compact).outputs, outputs)) {
            throw new Error(`${rest.type} ${rest.name}: its outputs do not hold every input, so they cannot be written as the inputs and the rest`);
        }
        return compact;
    });
}

function expand({ computed, ...rest }: CompactResource): LiveResource {
    return { ...rest, outputs: { ...rest.inputs, ...computed } };
}

export function sagemakerSnapshot(account: StandinAccount): SageMakerSnapshot {
    const { plans, endpoints, components } = account.sagemaker;
    return { plans: [...plans.values()], endpoints: [...endpoints.values()], components: [...components.values()] };
}

const later = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

/**
 * Loads a recorded account, the SageMaker stand-in's times moved on by the time since it was
 * recorded: a plan that had a week left then has a week left now, so a state recorded long ago
 * previews as it would have right after its up.
 */
export function loadAccount(account: StandinAccount, recorded: RecordedState, now = Date.now()): void {
    const ms = now - Date.parse(recorded.recordedAt);
    account.load(recorded.account.map(expand));
    const { plans, endpoints, components } = account.sagemaker;
    for (const p of recorded.sagemaker.plans) {
        plans.set(p.name, {
            ...p,
            offering: { ...p.offering, start: later(p.offering.start, ms), end: later(p.offering.end, ms) },
            extensions: p.extensions.map((e) => ({ ...e, extendedAt: e.extendedAt + ms / 1000, start: e.start + ms / 1000, end: e.end + ms / 1000 })),
        });
    }
    for (const e of recorded.sagemaker.endpoints) {
        endpoints.set(e.name, { ...e });
    }
    for (const c of recorded.sagemaker.components) {
        components.set(c.name, { ...c, lastModified: later(c.lastModified, ms) });
    }
}
