/**
 * A SageMaker training plan for inference endpoints, bought as code. A plan costs real money and
 * cannot be cancelled: this provider buys at most once per name, only the offering its check
 * selected (what the preview showed), never over budget, never lost from the state, and never
 * replaces a plan it bought.
 */
import type { SageMakerClient } from "@aws-sdk/client-sagemaker";
import * as pulumi from "@pulumi/pulumi";
import { claimPlanName } from "../components/core/program-state";
import { parseTrainingPlanArn } from "../components/reservation/reservation";
import * as ext from "./extension-plan";
import * as ops from "./sagemaker-ops";
import * as tp from "./training-plan-plan";

export interface TrainingPlanArgs {
    /** 1 to 64 characters, `^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,63}$`. The plan is found again by this name: never buy twice. */
    planName: pulumi.Input<string>;
    /** e.g. ml.p5.48xlarge. */
    instanceType: pulumi.Input<string>;
    /** Instances to reserve, at least 1. */
    instanceCount: pulumi.Input<number>;
    /** Length of the reservation in hours (plans are sold in whole days, 24 to 4368). */
    durationHours: pulumi.Input<number>;
    /** ISO-8601 with its zone (`2026-12-01T00:00:00Z` or `+02:00`): the reservation starts at or after this time. */
    startTimeAfter?: pulumi.Input<string>;
    /** ISO-8601 with its zone: the reservation ends at or before this time. */
    endTimeBefore?: pulumi.Input<string>;
    /** The most you agree to pay up front. No offering above it is bought. */
    maxUpfrontFee: pulumi.Input<number>;
    /** Currency of maxUpfrontFee. Default USD. */
    currencyCode?: pulumi.Input<string>;
    /** Buy this offering and no other (a preview prints the id to pin). Without it, the cheapest matching offering the preview shows. */
    offeringId?: pulumi.Input<string>;
    /** Region to buy in. Default: the environment's (AWS_REGION, shared config). */
    region?: pulumi.Input<string>;
    /** Tags set on the plan when it is bought. */
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** Waits and retries; the defaults suit real purchases. */
    timing?: pulumi.Input<Partial<tp.PurchaseTiming>>;
    /**
     * Extensions to buy, in order: the i-th entry is the plan's i-th extension, bought once. Add one
     * per deploy; the preview shows the offering it would buy, at most its maxUpfrontFee. A bought
     * entry cannot be removed or changed: an extension cannot be undone.
     */
    extensions?: pulumi.Input<pulumi.Input<ext.ExtensionEntry>[]>;
    /**
     * Whether a plan that has ended is expected: the endpoints on it move to on-demand capacity
     * before it ends (ReservedEndpoint.onReservationEnd). A deploy then leaves an Expired or
     * Failed plan as it is, instead of failing on it. Default false.
     */
    allowEnded?: pulumi.Input<boolean>;
}

/** Whether the recorded plan has ended and the program expects that (allowEnded): nothing to wait for. */
function endedAsExpected(olds: Record<string, unknown>, news: Record<string, unknown>): boolean {
    return news.allowEnded === true && tp.ENDED_STATUSES.includes(String(olds.status));
}

/** Inputs with their defaults, as the provider works with them. Values not known yet stay as the engine sent them. */
function inputsOf(props: Record<string, unknown>): tp.TrainingPlanInputs {
    return {
        planName: props.planName as string,
        instanceType: props.instanceType as string,
        instanceCount: props.instanceCount as number,
        durationHours: props.durationHours as number,
        startTimeAfter: tp.normalTime(props.startTimeAfter as string | undefined),
        endTimeBefore: tp.normalTime(props.endTimeBefore as string | undefined),
        maxUpfrontFee: props.maxUpfrontFee as number,
        currencyCode: (props.currencyCode as string | undefined) ?? "USD",
        offeringId: props.offeringId as string | undefined,
        region: props.region as string | undefined,
        tags: props.tags as Record<string, string> | undefined,
        timing: props.timing as Partial<tp.PurchaseTiming> | undefined,
        extensions: props.extensions as ext.ExtensionEntry[] | undefined,
        allowEnded: props.allowEnded as boolean | undefined,
    };
}

const timingOf = (inputs: tp.TrainingPlanInputs) => ops.timingOf(inputs.timing, tp.DEFAULT_PURCHASE_TIMING);

/** The resource's outputs: its inputs, the terms it was bought on, and the plan as reported, with the offering only if this stack bought it. */
function outputsOf(inputs: tp.TrainingPlanInputs, facts: tp.TrainingPlanFacts, boughtOfferingId: string | undefined): Record<string, unknown> {
    return ops.toState({
        ...inputs,
        purchaseTerms: tp.termsOf(inputs as unknown as Record<string, unknown>),
        ...tp.factOutputs(facts),
        currencyCode: facts.currencyCode ?? inputs.currencyCode,
        durationHours: facts.durationHours ?? inputs.durationHours,
        instanceType: facts.instanceType ?? inputs.instanceType,
        offeringId: boughtOfferingId,
    });
}

async function search(client: SageMakerClient, inputs: tp.TrainingPlanInputs, timing: ops.Timing): Promise<tp.Offering[]> {
    const sdk = ops.sagemakerSdk();
    const response = await ops.call(`training plan ${inputs.planName}: SearchTrainingPlanOfferings`, () => client.send(new sdk.SearchTrainingPlanOfferingsCommand({
        TargetResources: [tp.ENDPOINT_TARGET],
        InstanceType: inputs.instanceType as never,
        InstanceCount: inputs.instanceCount,
        DurationHours: inputs.durationHours,
        StartTimeAfter: inputs.startTimeAfter === undefined ? undefined : new Date(inputs.startTimeAfter),
        EndTimeBefore: inputs.endTimeBefore === undefined ? undefined : new Date(inputs.endTimeBefore),
    })), timing);
    return tp.offeringsOf(response.TrainingPlanOfferings);
}

/** The plan of this name, if one shows: the guard against buying twice. */
async function lookUp(client: SageMakerClient, planName: string, timing: ops.Timing): Promise<tp.TrainingPlanFacts | undefined> {
    const plan = await ops.describeTrainingPlan(client, planName, timing);
    return plan === undefined ? undefined : tp.factsOf(plan);
}

/** Why the plan a name finds is not the resource's: another account's, of the same name. */
const anotherAccounts = (planName: string, found: string) => `the plan named ${planName} that these credentials see is ${found}, another account's`;

/**
 * Waits until the plan is usable, reporting each sighting; a Failed or Expired plan, or (when the
 * plan's ARN is known) another account's of the same name, fails at once.
 */
async function waitUntilUsable(
    client: SageMakerClient, planName: string, timing: ops.Timing, seen: (facts: tp.TrainingPlanFacts) => void, arn?: string,
): Promise<tp.TrainingPlanFacts> {
    return ops.waitFor(`training plan ${planName} to be ${tp.USABLE_STATUSES.join(" or ")}`, async () => {
        const facts = await lookUp(client, planName, timing);
        if (facts === undefined) {
            return { done: false, value: undefined as never, state: "not shown by DescribeTrainingPlan yet" };
        }
        seen(facts);
        if (arn !== undefined && facts.arn !== arn) {
            throw new Error(anotherAccounts(planName, facts.arn));
        }
        if (tp.ENDED_STATUSES.includes(facts.status ?? "")) {
            throw new Error(`training plan ${planName} (${facts.arn}) is ${facts.status}: ${facts.statusMessage ?? "no reason given"}`);
        }
        return { done: tp.USABLE_STATUSES.includes(facts.status ?? ""), value: facts, state: facts.status ?? "no status" };
    }, timing);
}

/**
 * Waits for a plan that exists (bought now, or found by name). Whatever fails from here on, the
 * error carries the plan's ARN and outputs, so that the engine keeps it in the stack's state.
 */
async function settle(
    client: SageMakerClient, inputs: tp.TrainingPlanInputs, timing: ops.Timing, known: tp.TrainingPlanFacts, how: string, offeringId?: string,
): Promise<{ id: string; outs: Record<string, unknown> }> {
    let last = known;
    try {
        const facts = await waitUntilUsable(client, inputs.planName, timing, (seen) => { last = seen; });
        return { id: facts.arn, outs: outputsOf(inputs, facts, offeringId) };
    } catch (err) {
        const message = `training plan ${inputs.planName} ${how} (${known.arn}, ${known.upfrontFee ?? "?"} ${known.currencyCode ?? ""}` +
            `${offeringId ? `, offering ${offeringId}` : ""}) but is not usable yet: ${(err as Error).message}. It is recorded in the stack's state: ` +
            "the next pulumi up describes it again and waits for it, and buys nothing.";
        throw ops.partialState(message, known.arn, outputsOf(inputs, last, offeringId));
    }
}

/** Adopts a plan found by name if its terms match the inputs; otherwise fails, naming each difference. */
function adoptable(inputs: tp.TrainingPlanInputs, facts: tp.TrainingPlanFacts, context = ""): tp.TrainingPlanFacts {
    const mismatches = tp.adoptionMismatches(facts, inputs);
    if (mismatches.length > 0) {
        throw new Error(`${context}${tp.adoptionMessage(inputs, facts, mismatches)}`);
    }
    return facts;
}

/** After a purchase whose answer was lost: the plan by name, looked for briefly, or a failure that says the purchase may have gone through. */
async function findAfterLostAnswer(
    client: SageMakerClient, inputs: tp.TrainingPlanInputs, timing: tp.PurchaseTiming, offering: tp.SelectedOffering, lost: string,
): Promise<tp.TrainingPlanFacts> {
    // Bounded as a whole: each look-up is one attempt, with no more time than is left (at least a tenth of a second),
    // and a failed one is looked at again, so that a network that stays down cannot stretch the wait.
    const deadline = ops.now() + timing.lostAnswerLookupSeconds * 1000;
    try {
        return await ops.waitFor(`training plan ${inputs.planName} to show`, async () => {
            const left = Math.max((deadline - ops.now()) / 1000, 0.1);
            const once = { ...timing, maxRetries: 0, requestTimeoutSeconds: Math.min(timing.requestTimeoutSeconds, left) };
            try {
                const facts = await lookUp(await ops.sagemakerClient(inputs.region, once), inputs.planName, once);
                return { done: facts !== undefined, value: facts!, state: "not found" };
            } catch (err) {
                return { done: false, value: undefined as never, state: (err as Error).message };
            }
        }, timing, timing.lostAnswerLookupSeconds);
    } catch (err) {
        throw new Error(`training plan ${inputs.planName}: the purchase may have gone through. CreateTrainingPlan for ${tp.describeOffering(offering)} ` +
            `got no readable answer (${lost}), and no plan named ${inputs.planName} showed in ${await client.config.region()} ` +
            `(${(err as Error).message}). Do not buy it by hand: the next pulumi up looks the plan up by name before anything else, ` +
            "and adopts it once it shows; if it never shows, nothing was bought.");
    }
}

/** CreateTrainingPlan, refused by the service: nothing was bought. */
function refused(inputs: tp.TrainingPlanInputs, err: unknown): Error {
    const next = (err as Error).name === "ResourceInUse"
        ? ` A plan named ${inputs.planName} exists although it did not show when this run looked it up: bought meanwhile by another run ` +
            "or outside this stack, or not visible yet after an earlier purchase. Run pulumi up again: it adopts that plan if its terms match, " +
            "and fails naming each difference if not."
        // Throttling's own message already says to run again later.
        : ops.isThrottling(err) ? "" : " Run pulumi preview again to see what would be bought now.";
    return new Error(`training plan ${inputs.planName}: nothing bought: ${(err as Error).message}.${next}`);
}

/** Buys exactly the offering check selected, if the service still offers it on those terms. */
async function buy(
    client: SageMakerClient, inputs: tp.TrainingPlanInputs, timing: tp.PurchaseTiming, selected: tp.SelectedOffering,
): Promise<{ id: string; outs: Record<string, unknown> }> {
    const offerings = await search(client, inputs, timing);
    const change = tp.offeringChange(selected, offerings, inputs);
    if (change !== undefined) {
        const pin = inputs.offeringId === undefined ? " (set offeringId to buy exactly what a preview shows, or nothing)" : "";
        throw new Error(`training plan ${inputs.planName}: nothing bought: ${change}. Run pulumi preview again to see what would be bought now${pin}.`);
    }
    // As offered now: at the preview's fee or less.
    const offering = tp.selectionOf(offerings.find((o) => o.offeringId === selected.offeringId)!);
    const sdk = ops.sagemakerSdk();
    let arn: string | undefined;
    let lost = "an answer without the plan's ARN";
    try {
        const answer = await ops.call(`CreateTrainingPlan for ${tp.describeOffering(offering)}`, () => client.send(new sdk.CreateTrainingPlanCommand({
            TrainingPlanName: inputs.planName,
            TrainingPlanOfferingId: offering.offeringId,
            Tags: Object.entries(inputs.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
        })), timing, false);
        arn = answer.TrainingPlanArn;
    } catch (err) {
        if (ops.isRefusal(err)) {
            throw refused(inputs, err);
        }
        lost = ops.errorText((err as { cause?: unknown }).cause ?? err);
    }
    if (arn !== undefined) {
        return settle(client, inputs, timing, tp.boughtFacts(arn, inputs, offering), "was bought", offering.offeringId);
    }
    // The purchase may have gone through: it is never sent again in this run; the plan is looked up by name.
    const found = adoptable(inputs, await findAfterLostAnswer(client, inputs, timing, offering, lost),
        `after CreateTrainingPlan for offering ${offering.offeringId} got no readable answer (${lost}), the plan found by name is not the one asked for: `);
    return settle(client, inputs, timing, found, "was bought", tp.isFromOffering(found, offering) ? offering.offeringId : undefined);
}

/** Every extension the plan's history shows, as the resource reports them. */
async function extensionOutputs(client: SageMakerClient, arn: string, timing: ops.Timing): Promise<{ extensionsBought: ext.BoughtExtension[] }> {
    return { extensionsBought: ext.boughtExtensionsOf(await ops.extensionHistory(client, arn, timing)) };
}

/** The extension offering the next deploy would buy, as check records it. */
interface SelectedExtension extends ext.ExtensionOffering {
    /** Its entry's index: the plan's extension history must be this long when it is bought. */
    index: number;
}

/**
 * For a bought plan: what its extensions ask of this deploy. A bought entry may not change; at
 * most one entry may be added per deploy (an extension offering starts where the plan then ends,
 * so only the next one can be shown); the one added must have an offering within its cap.
 */
async function checkExtensions(
    client: SageMakerClient, inputs: tp.TrainingPlanInputs, olds: Record<string, unknown>, timing: ops.Timing,
): Promise<{ failures: ops.CheckFailure[]; recorded: Record<string, unknown> }> {
    const entries = inputs.extensions ?? [];
    const before = (olds.extensions as ext.ExtensionEntry[] | undefined) ?? [];
    if (entries.length === 0 && before.length === 0) {
        return { failures: [], recorded: {} };
    }
    const plan = await lookUp(client, inputs.planName, timing);
    if (plan === undefined) {
        return { failures: [], recorded: { extensionPreview: "extensions are bought once the plan shows" } };
    }
    const history = ext.boughtExtensionsOf(await ops.extensionHistory(client, plan.arn, timing));
    const fail = (reason: string) => ({ failures: [{ property: "extensions", reason: `training plan ${inputs.planName}: ${reason}` }], recorded: {} });
    // The plan's length moves with every extension: longer than its terms and history explain, it
    // holds an extension the history does not show yet (a lost answer), and nothing may be bought.
    const unexplained = ext.unexplainedHours(tp.termsOf(olds).durationHours, history, plan.durationHours);
    if (unexplained > 0) {
        return fail(`the plan is ${unexplained} h longer than its purchase and its ${history.length} extensions in the history explain: ` +
            "an extension bought earlier does not show in the history yet. Nothing is bought until it does; run pulumi up again later");
    }
    const changes = [...ext.boughtEntryChanges(before, entries, history.length), ...ext.historyMismatches(entries, history)];
    if (changes.length > 0) {
        return fail(changes.join("; "));
    }
    const { pending } = ext.extensionProgress(entries, history);
    if (pending.length > 1) {
        return fail(`extensions[${pending[1].index}] and after: add one extension per deploy; each extension offering starts where the plan ` +
            "then ends, so a preview can show only the next one");
    }
    if (pending.length === 0) {
        return { failures: [], recorded: { extensionPreview: `all ${entries.length} extensions bought; none to buy` } };
    }
    const [{ index, entry }] = pending;
    const offerings = ext.extensionOfferingsOf(await ops.searchExtensionOfferings(client, plan.arn, entry.durationHours, timing));
    const choice = ext.chooseExtension(offerings, entry, inputs.currencyCode);
    const preview = ext.extensionPreview(index, entry, choice, inputs.currencyCode);
    if (choice.chosen === undefined) {
        return fail(`${preview}. Nothing is bought: raise its maxUpfrontFee or change its durationHours`);
    }
    return { failures: [], recorded: { extensionPreview: preview, selectedExtension: { ...choice.chosen, index } } };
}

/** An extension that ExtendTrainingPlan may have bought: its answer was lost and the history does not show it. */
interface ExtensionInDoubt {
    index: number;
    offeringId: string;
}

/** A lost ExtendTrainingPlan answer: the partial state records the extension in doubt, so that no later run buys it again. */
class ExtensionMayBeBought extends Error {
    constructor(message: string, readonly doubt: ExtensionInDoubt) {
        super(message);
    }
}

/** Why an extension in doubt still blocks this deploy, or undefined when the history settled it or its entry was removed. */
async function doubtRemaining(
    client: SageMakerClient, arn: string, entries: ext.ExtensionEntry[], doubt: ExtensionInDoubt | undefined, timing: ops.Timing,
): Promise<string | undefined> {
    if (doubt === undefined || entries.length <= doubt.index) {
        return undefined;
    }
    const shown = ext.boughtExtensionsOf(await ops.extensionHistory(client, arn, timing)).length;
    return shown > doubt.index ? undefined
        : `extensions[${doubt.index}]: ExtendTrainingPlan with offering ${doubt.offeringId} may have gone through (its answer was lost) and the ` +
            `extension history still shows ${shown}; nothing more is bought until it shows there. If you are sure nothing was bought ` +
            `(the plan's end and your bill unchanged), remove extensions[${doubt.index}] in one deploy and add it again in the next`;
}

/**
 * Buys the extension check selected, if it is still offered on the same terms at that fee or less
 * and the plan's history is as check saw it; ExtendTrainingPlan is sent at most once. A lost answer
 * is looked for in the history, and if it does not show, recorded as in doubt; then the plan's
 * end is awaited.
 */
async function extend(
    client: SageMakerClient, arn: string, inputs: tp.TrainingPlanInputs, timing: tp.PurchaseTiming, selected: SelectedExtension,
): Promise<void> {
    const historyLength = async () => ext.boughtExtensionsOf(await ops.extensionHistory(client, arn, timing)).length;
    const what = `extensions[${selected.index}] of training plan ${inputs.planName}`;
    const shown = await historyLength();
    if (shown < selected.index) {
        throw new Error(`${what}: nothing bought: the extension history shows ${shown} extensions, fewer than the ${selected.index} the preview saw`);
    }
    if (shown === selected.index) {
        const change = ext.extensionOfferingChange(selected,
            ext.extensionOfferingsOf(await ops.searchExtensionOfferings(client, arn, inputs.extensions![selected.index].durationHours, timing)));
        if (change !== undefined) {
            throw new Error(`${what}: nothing bought: ${change}. Run pulumi preview again to see what would be bought now.`);
        }
        const sdk = ops.sagemakerSdk();
        try {
            await ops.call(`ExtendTrainingPlan with offering ${selected.offeringId} (${selected.upfrontFee} ${selected.currencyCode})`,
                () => client.send(new sdk.ExtendTrainingPlanCommand({ TrainingPlanExtensionOfferingId: selected.offeringId })), timing, false);
        } catch (err) {
            if (ops.isRefusal(err)) {
                throw new Error(`${what}: nothing bought: ExtendTrainingPlan was refused: ${ops.errorText(err)}`);
            }
            // It may have been bought: never sent again; the history says.
            try {
                await ops.waitFor(`${what} to show in the extension history`, async () => {
                    const length = await historyLength().catch(() => selected.index);
                    return { done: length > selected.index, value: undefined, state: `${length} extensions` };
                }, timing, timing.lostAnswerLookupSeconds);
            } catch (lookup) {
                throw new ExtensionMayBeBought(`${what}: the extension may have been bought. ExtendTrainingPlan with offering ${selected.offeringId} got no ` +
                    `readable answer (${ops.errorText((err as { cause?: unknown }).cause ?? err)}), and the history did not show it ` +
                    `(${(lookup as Error).message}). Do not extend by hand: the state records it in doubt, and no later pulumi up buys ` +
                    "this entry until the history shows it.", { index: selected.index, offeringId: selected.offeringId });
            }
        }
    }
    try {
        await ops.waitFor(`training plan ${inputs.planName} to end at ${selected.endDate}`, async () => {
            const facts = await lookUp(client, inputs.planName, timing);
            const end = facts?.endTime;
            // An offering without an end date: the history showing the extension is all there is to wait for.
            const done = selected.endDate === undefined || (end !== undefined && Date.parse(end) >= Date.parse(selected.endDate));
            return { done, value: undefined, state: `ends ${end}` };
        }, timing);
    } catch (err) {
        throw new Error(`${what}: extension offering ${selected.offeringId} was bought, and the plan did not report its new end yet ` +
            `(${(err as Error).message}). Do not extend by hand: the next pulumi up finds it in the history and buys nothing.`);
    }
}

export const trainingPlanProvider: pulumi.dynamic.ResourceProvider = {
    /**
     * Validates the inputs and fixes the region. For a plan not bought yet it also finds what
     * `create` would do and records it in the checked inputs: the offering it would buy
     * (`selectedOffering`, and `offeringPreview` in words, which `pulumi preview --diff` shows) or
     * the existing plan it would adopt; it fails when nothing fits. For a bought plan, a change of
     * its purchase terms fails here, naming each. Inputs not known yet are neither judged nor sent
     * to the API. Under mocks no provider runs, so tests and `npm run plan` stay offline.
     */
    async check(olds, news) {
        const failures = [...tp.checkTrainingPlanInputs(news), ...(ops.holdsUnknown(news.extensions) ? [] : ext.checkExtensions(news.extensions))];
        if (failures.length > 0) {
            return { failures };
        }
        const given = inputsOf(news);
        const timing = timingOf(given);
        const unknown = tp.unknownTerms(news);
        // The client resolves the region without calling AWS; it is fixed into the inputs.
        const client = ops.holdsUnknown(news.region) ? undefined : await ops.sagemakerClient(given.region, timing);
        const inputs = { ...given, region: client === undefined ? given.region : await client.config.region() };
        if (olds.planName !== undefined) {
            const changed = tp.changedPurchaseTerms(olds, inputs as unknown as Record<string, unknown>);
            if (changed.length > 0) {
                const reason = tp.purchaseTermsMessage(olds, changed, inputs as unknown as Record<string, unknown>);
                return { failures: changed.map((property) => ({ property, reason })) };
            }
            const extensions = client === undefined || ops.holdsUnknown(news.extensions)
                ? { failures: [], recorded: {} } : await checkExtensions(client, inputs, olds, timing);
            if (extensions.failures.length > 0) {
                return { failures: extensions.failures };
            }
            return { inputs: ops.toState({ ...inputs, offeringPreview: olds.offeringPreview, selectedOffering: olds.selectedOffering, ...extensions.recorded }) };
        }
        if (unknown.length > 0 || client === undefined) {
            return { inputs: ops.toState({ ...inputs, offeringPreview: tp.undecidedPreview(news, unknown) }) };
        }
        const existing = await lookUp(client, inputs.planName, timing);
        if (existing !== undefined) {
            const mismatches = tp.adoptionMismatches(existing, inputs);
            if (mismatches.length > 0) {
                return { failures: [{ property: "planName", reason: tp.adoptionMessage(inputs, existing, mismatches) }] };
            }
            return { inputs: ops.toState({ ...inputs, offeringPreview: `would adopt existing ${tp.describePlan(existing)}` }) };
        }
        const choice = tp.chooseOffering(await search(client, inputs, timing), inputs);
        if (!choice.chosen) {
            const property = inputs.offeringId === undefined ? "maxUpfrontFee" : "offeringId";
            return { failures: [{ property, reason: tp.noOfferingMessage(inputs, choice) }] };
        }
        return {
            inputs: ops.toState({ ...inputs, offeringPreview: tp.buyPreview(choice.chosen, inputs, choice), selectedOffering: tp.selectionOf(choice.chosen) }),
        };
    },

    /** A change of purchase terms fails; a plan not yet usable is looked at again; budget, tags and timing are recorded. */
    async diff(_id, olds, news) {
        const changed = [...tp.changedPurchaseTerms(olds, news), ...(tp.pinChanged(olds, news) ? ["offeringId"] : [])];
        if (changed.length > 0) {
            throw new Error(tp.purchaseTermsMessage(olds, changed, news));
        }
        const unsettled = !tp.USABLE_STATUSES.includes(String(olds.status)) && !endedAsExpected(olds, news);
        const mutable = ["maxUpfrontFee", "tags", "timing", "extensions"].filter((k) => JSON.stringify(olds[k]) !== JSON.stringify(news[k]));
        const extending = news.selectedExtension !== undefined || olds.extensionInDoubt !== undefined;
        return { changes: unsettled || extending || mutable.length > 0 || ops.holdsUnknown(news), replaces: [], deleteBeforeReplace: false };
    },

    /**
     * Adopts a matching plan of this name, or buys exactly the offering check selected if it is
     * still offered at that fee or less; CreateTrainingPlan is sent at most once.
     */
    async create(news) {
        const inputs = inputsOf(news);
        const timing = timingOf(inputs);
        const client = await ops.sagemakerClient(inputs.region, timing);
        // Never buy twice: a plan of this name may exist from an earlier run whose answer was lost.
        const existing = await lookUp(client, inputs.planName, timing);
        if (existing !== undefined) {
            return settle(client, inputs, timing, adoptable(inputs, existing), "was adopted");
        }
        const selected = news.selectedOffering as tp.SelectedOffering | undefined;
        if (selected === undefined) {
            throw new Error(`training plan ${inputs.planName}: nothing bought: the preview selected no offering to buy ` +
                `(${news.offeringPreview ?? "no preview ran"}), and no plan of that name exists now. Run pulumi preview again.`);
        }
        return buy(client, inputs, timing, selected);
    },

    /**
     * Reports the plan as SageMaker has it now (status, end time, duration: an extension bought
     * elsewhere shows here), keeping the terms it was bought on. Fails rather than forget a plan,
     * or record another account's plan of the same name.
     */
    async read(id, props) {
        // The plan lives where its ARN says, whatever region the refresh runs with.
        const arn = parseTrainingPlanArn(id);
        const timing = timingOf(inputsOf(props));
        const client = await ops.sagemakerClient(arn.region, timing);
        const facts = await lookUp(client, arn.planName, timing);
        if (facts === undefined) {
            // Never drop a bought plan from the state: the next deploy would buy another.
            throw new Error(props.status === undefined
                ? `training plan ${id} was bought and does not show in ${arn.region} yet (a new plan can take a while); ` +
                    "it stays in the state: refresh again later"
                : `training plan ${id} was not found with these credentials in ${arn.region}; ` +
                    "plans cannot be deleted, so check the account and credentials the refresh runs with");
        }
        if (facts.arn !== id) {
            throw new Error(`training plan ${id}: ${anotherAccounts(arn.planName, facts.arn)}. ` +
                "Nothing was recorded; refresh with credentials for the account that owns the plan.");
        }
        const extended = ((props.extensions as unknown[] | undefined) ?? []).length > 0 || props.extensionsBought !== undefined;
        return {
            id,
            props: ops.toState({ ...props, purchaseTerms: tp.termsOf(props), ...tp.factOutputs(facts), ...(extended ? await extensionOutputs(client, id, timing) : {}) }),
        };
    },

    /**
     * Records a new budget, tags or timing (none touches the purchase). A plan not yet usable
     * (a create that did not finish, or a recorded Pending) is described and awaited again, bounded.
     */
    async update(id, olds, news) {
        const recorded = { ...olds, maxUpfrontFee: news.maxUpfrontFee, tags: news.tags, timing: news.timing, extensions: news.extensions, allowEnded: news.allowEnded };
        const selected = news.selectedExtension as SelectedExtension | undefined;
        const doubt = olds.extensionInDoubt as ExtensionInDoubt | undefined;
        if (selected !== undefined || doubt !== undefined) {
            const arn = parseTrainingPlanArn(id);
            const inputs = inputsOf(news);
            const timing = timingOf(inputs);
            const client = await ops.sagemakerClient(arn.region, timing);
            // The state keeps the entries as they were, and what may have been bought: never bought again.
            const kept = { ...recorded, extensions: olds.extensions };
            const remaining = await doubtRemaining(client, id, inputs.extensions ?? [], doubt, timing);
            if (remaining !== undefined) {
                throw ops.partialState(`training plan ${inputs.planName}: ${remaining}`, id, ops.toState(kept));
            }
            if (selected !== undefined) {
                try {
                    await extend(client, id, inputs, timing, selected);
                } catch (err) {
                    const inDoubt = err instanceof ExtensionMayBeBought ? err.doubt : undefined;
                    throw ops.partialState((err as Error).message, id, ops.toState({ ...kept, extensionInDoubt: inDoubt }));
                }
            }
            const facts = await lookUp(client, arn.planName, timing);
            return {
                outs: ops.toState({
                    ...recorded, extensionInDoubt: undefined, ...(facts && tp.factOutputs(facts)), ...await extensionOutputs(client, id, timing),
                }),
            };
        }
        if (tp.USABLE_STATUSES.includes(String(olds.status)) || endedAsExpected(olds, news)) {
            const extended = (news.extensions as ext.ExtensionEntry[] | undefined ?? []).length > 0;
            const arn = parseTrainingPlanArn(id);
            const timing = timingOf(inputsOf(news));
            return { outs: ops.toState({ ...recorded, ...(extended ? await extensionOutputs(await ops.sagemakerClient(arn.region, timing), id, timing) : {}) }) };
        }
        const arn = parseTrainingPlanArn(id);
        const timing = timingOf(inputsOf(news));
        const client = await ops.sagemakerClient(arn.region, timing);
        let last: tp.TrainingPlanFacts | undefined;
        try {
            const facts = await waitUntilUsable(client, arn.planName, timing, (seen) => { last = seen; }, id);
            return { outs: ops.toState({ ...recorded, ...tp.factOutputs(facts) }) };
        } catch (err) {
            const message = `training plan ${olds.planName} (${id}) is not usable: ${(err as Error).message}. ` +
                (tp.ENDED_STATUSES.includes(last?.status ?? "")
                    ? "Endpoints cannot run on it. It stays in the state; to run on another plan, add a TrainingPlan with a new planName."
                    : "It stays in the state; the next pulumi up looks at it again, and buys nothing.");
            throw ops.partialState(message, id, ops.toState({ ...recorded, ...(last && last.arn === id ? tp.factOutputs(last) : {}) }));
        }
    },

    async delete(id, props) {
        await pulumi.log.warn(`training plan ${props.planName} (${id}) is still bought and reserved until ${props.endTime ?? "its end time"}: ` +
            `SageMaker has no API to cancel a plan, so removing it from the stack only stops Pulumi from tracking it.`);
    },
};

/** A training plan whose target is inference endpoints, bought once and kept. */
export class TrainingPlan extends pulumi.dynamic.Resource {
    public readonly arn!: pulumi.Output<string>;
    public readonly status!: pulumi.Output<string>;
    /** The offering this stack bought the plan from; absent for a plan it adopted. */
    public readonly offeringId!: pulumi.Output<string | undefined>;
    public readonly upfrontFee!: pulumi.Output<number>;
    public readonly currencyCode!: pulumi.Output<string>;
    public readonly startTime!: pulumi.Output<string>;
    /** The plan's end now: later than bought if the plan was extended. */
    public readonly endTime!: pulumi.Output<string>;
    /** The plan's length now: longer than bought if the plan was extended. */
    public readonly durationHours!: pulumi.Output<number>;
    public readonly instanceType!: pulumi.Output<string>;
    public readonly totalInstanceCount!: pulumi.Output<number>;
    public readonly availableInstanceCount!: pulumi.Output<number>;
    public readonly availabilityZone!: pulumi.Output<string>;
    public readonly targetResources!: pulumi.Output<string[]>;
    /** Every extension the plan's history shows, oldest first: offering, fee, start and end. */
    public readonly extensionsBought!: pulumi.Output<ext.BoughtExtension[] | undefined>;
    /** An extension whose ExtendTrainingPlan answer was lost and that the history does not show yet: its entry is not bought again. */
    public readonly extensionInDoubt!: pulumi.Output<{ index: number; offeringId: string } | undefined>;

    constructor(name: string, args: TrainingPlanArgs, opts?: pulumi.CustomResourceOptions) {
        if (typeof args.planName === "string") {
            claimPlanName(args.planName, typeof args.region === "string" ? args.region : undefined, name);
        }
        super(trainingPlanProvider, name, {
            ...args,
            arn: undefined,
            status: undefined,
            offeringId: args.offeringId,
            upfrontFee: undefined,
            startTime: undefined,
            endTime: undefined,
            totalInstanceCount: undefined,
            availableInstanceCount: undefined,
            availabilityZone: undefined,
            targetResources: undefined,
            extensionsBought: undefined,
            extensionInDoubt: undefined,
        }, opts, "sagemaker-inference", "TrainingPlan");
    }
}
