/**
 * A SageMaker training plan for inference endpoints, bought as code. A plan costs real money and
 * cannot be cancelled: this provider buys at most once per name, only the offering its check
 * selected (what the preview showed), never over budget, never lost from the state, and never
 * replaces a plan it bought.
 */
import type { SageMakerClient } from "@aws-sdk/client-sagemaker";
import * as pulumi from "@pulumi/pulumi";
import { claimPlanName } from "../core/program-state";
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
    /**
     * The offering of the extension in doubt (`extensionInDoubt.offeringId`, which the deploy's
     * messages name too), once you are sure it was not bought (the plan's end and your bill
     * unchanged): set it in the deploy that removes the entry in doubt, and remove it in the next,
     * which adds the entry again. Any other use is refused.
     */
    extensionNotBought?: pulumi.Input<string>;
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
        extensionNotBought: props.extensionNotBought as string | undefined,
    };
}

const timingOf = (inputs: tp.TrainingPlanInputs) => ops.timingOf(inputs.timing, tp.DEFAULT_PURCHASE_TIMING);

/**
 * The resource's outputs: its inputs, the terms it was bought on, and the plan as reported, with
 * the offering only if this stack bought it, and what an adopted plan's extensions say (`extensions`).
 */
function outputsOf(
    inputs: tp.TrainingPlanInputs, facts: tp.TrainingPlanFacts, boughtOfferingId: string | undefined, extensions: Record<string, unknown> = {},
): Record<string, unknown> {
    return ops.toState({
        ...inputs,
        ...extensions,
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

/**
 * The plan a bought resource records (`id`, its ARN) as SageMaker reports it now: looked up by
 * name where the ARN says, and refused when the plan of that name is another account's. Never
 * dropped from the state when it does not show: the next deploy would buy another. A plan never
 * seen yet (`shownBefore` false: bought, not shown) may just be slow to show.
 */
async function recordedPlan(
    client: SageMakerClient, id: string, timing: ops.Timing, action: "deploy" | "refresh" = "deploy", shownBefore = true,
): Promise<tp.TrainingPlanFacts> {
    const { planName, region } = tp.parseTrainingPlanArn(id);
    const facts = await lookUp(client, planName, timing);
    const again = action === "refresh" ? "refresh" : "run pulumi up";
    if (facts === undefined) {
        throw new Error(shownBefore
            ? `training plan ${id} was not found with these credentials in ${region}; plans cannot be deleted, ` +
                `so check the account and credentials the ${action} runs with`
            : `training plan ${id} was bought and does not show in ${region} yet (a new plan can take a while); it stays in the state: ${again} again later`);
    }
    if (facts.arn !== id) {
        throw new Error(`training plan ${id}: ${tp.otherPlanMessage(planName, id, facts.arn)}. Nothing of it was recorded; ` +
            `${action === "refresh" ? "refresh" : "run"} with credentials for the account that owns the plan.`);
    }
    return facts;
}

/** What to do after a call refused because the plan is being changed: wait, then deploy again. */
function busyHint(err: unknown): string {
    return ops.isUpdateInProgress(err) ? " SageMaker is still applying a change to the plan: wait until it is done, then run pulumi up again." : "";
}

/**
 * Waits until the plan of this ARN is usable, reporting each sighting; a Failed or Expired plan, or
 * another account's of the same name, fails at once.
 */
async function waitUntilUsable(
    client: SageMakerClient, planName: string, arn: string, timing: ops.Timing, seen: (facts: tp.TrainingPlanFacts) => void,
): Promise<tp.TrainingPlanFacts> {
    return ops.waitFor(`training plan ${planName} to be ${tp.USABLE_STATUSES.join(" or ")}`, async () => {
        const facts = await lookUp(client, planName, timing);
        if (facts === undefined) {
            return { done: false, value: undefined as never, state: "not shown by DescribeTrainingPlan yet" };
        }
        if (facts.arn !== arn) {
            throw new Error(tp.otherPlanMessage(planName, arn, facts.arn));
        }
        seen(facts);
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
    extensions: Record<string, unknown> = {},
): Promise<{ id: string; outs: Record<string, unknown> }> {
    let last = known;
    try {
        const facts = await waitUntilUsable(client, inputs.planName, known.arn, timing, (seen) => { last = seen; });
        return { id: facts.arn, outs: outputsOf(inputs, facts, offeringId, extensions) };
    } catch (err) {
        const message = `training plan ${inputs.planName} ${how} (${known.arn}, ${known.upfrontFee ?? "?"} ${known.currencyCode ?? ""}` +
            `${offeringId ? `, offering ${offeringId}` : ""}) but is not usable yet: ${(err as Error).message}. It is recorded in the stack's state: ` +
            "the next pulumi up describes it again and waits for it, and buys nothing.";
        throw ops.partialState(message, known.arn, outputsOf(inputs, last, offeringId, extensions));
    }
}

/** Nothing of a plan's length owed to extensions: a plan just bought. */
const NOT_EXTENDED: ext.AdoptedExtensions = { extendedHours: 0, problems: [] };

/** Why a plan found by name cannot be adopted with these inputs: its terms, then the entries its history does not show. */
function adoptionFailures(inputs: tp.TrainingPlanInputs, facts: tp.TrainingPlanFacts, adopted: ext.AdoptedExtensions): ops.CheckFailure[] {
    const mismatches = tp.adoptionMismatches(facts, inputs, adopted.extendedHours);
    return [
        ...(mismatches.length > 0 ? [{ property: "planName", reason: tp.adoptionMessage(inputs, facts, mismatches) }] : []),
        ...adopted.problems.map((problem) => ({ property: "extensions", reason: `training plan ${inputs.planName}: ${problem}` })),
    ];
}

/** Fails, naming each difference, unless a plan found by name can be adopted: its terms (and the entries) match the inputs. */
function assertAdoptable(inputs: tp.TrainingPlanInputs, facts: tp.TrainingPlanFacts, adopted: ext.AdoptedExtensions, context = ""): void {
    const failures = adoptionFailures(inputs, facts, adopted);
    if (failures.length > 0) {
        throw new Error(`${context}${failures.map((f) => f.reason).join(" ")}`);
    }
}

/** A plan found by name: its extension history, and how the entries stand against it and the plan's length. */
async function adoption(
    client: SageMakerClient, inputs: tp.TrainingPlanInputs, existing: tp.TrainingPlanFacts, timing: ops.Timing,
): Promise<{ history: ext.BoughtExtension[]; adopted: ext.AdoptedExtensions }> {
    const history = (await historyNow(client, existing.arn, timing)).bought;
    return { history, adopted: ext.adoptedExtensions(inputs.extensions ?? [], history, inputs.durationHours, existing.durationHours) };
}

/**
 * What a purchase whose answer was lost may have made, looked for briefly: `look` (undefined while
 * not found) until it finds it, for lostAnswerLookupSeconds in all, plus at most one request of a
 * second begun near the end. Each look is one attempt, with no more time than is left (at least a
 * second: less could cut off a plain answer on a busy network), and a failed one is looked at
 * again, so that a network that stays down cannot stretch the wait.
 */
async function lookBriefly<T>(
    region: string | undefined, what: string, timing: tp.PurchaseTiming, look: (client: SageMakerClient, once: ops.Timing) => Promise<T | undefined>,
): Promise<T> {
    const deadline = ops.now() + timing.lostAnswerLookupSeconds * 1000;
    return ops.waitFor(what, async () => {
        const left = Math.max((deadline - ops.now()) / 1000, 1);
        const once = { ...timing, maxRetries: 0, requestTimeoutSeconds: Math.min(timing.requestTimeoutSeconds, left) };
        try {
            const found = await look(await ops.sagemakerClient(region, once), once);
            return { done: found !== undefined, value: found!, state: "not found" };
        } catch (err) {
            return { done: false, value: undefined as never, state: (err as Error).message };
        }
    }, timing, timing.lostAnswerLookupSeconds);
}

/** After a purchase whose answer was lost: the plan by name, looked for briefly, or a failure that says the purchase may have gone through. */
async function findAfterLostAnswer(
    client: SageMakerClient, inputs: tp.TrainingPlanInputs, timing: tp.PurchaseTiming, offering: tp.SelectedOffering, lost: string,
): Promise<tp.TrainingPlanFacts> {
    try {
        return await lookBriefly(inputs.region, `training plan ${inputs.planName} to show`, timing, (c, once) => lookUp(c, inputs.planName, once));
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
        : ops.isThrottling(err) ? "" : busyHint(err) || " Run pulumi preview again to see what would be bought now.";
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
    // The purchase may have gone through: it is never sent again in this run; the plan is looked up by name. The name was
    // free when this run looked it up, so a plan it finds now was bought since: it has no extensions.
    const found = await findAfterLostAnswer(client, inputs, timing, offering, lost);
    assertAdoptable(inputs, found, NOT_EXTENDED, `after CreateTrainingPlan for offering ${offering.offeringId} got no readable answer (${lost}), the plan found by name is not the one asked for: `);
    return settle(client, inputs, timing, found, "was bought", tp.isFromOffering(found, offering) ? offering.offeringId : undefined);
}

/** Every extension the plan's history shows, as the resource reports them. */
async function extensionOutputs(client: SageMakerClient, arn: string, timing: ops.Timing): Promise<{ extensionsBought: ext.BoughtExtension[] }> {
    return { extensionsBought: (await historyNow(client, arn, timing)).bought };
}

/** The plan as SageMaker reports it now (its end, start, length and status), and every extension its history shows. */
async function planNow(client: SageMakerClient, id: string, timing: ops.Timing): Promise<Record<string, unknown>> {
    const facts = await recordedPlan(client, id, timing);
    const bought = await extensionOutputs(client, id, timing);
    // The outputs feed the end notice and the move to on demand: an end before an extension's would move the endpoints off too early.
    const lag = ext.endBeforeExtensions(facts.endTime, bought.extensionsBought);
    if (lag !== undefined) {
        throw new Error(`training plan ${facts.planName} ${lag}: the plan does not show the extension's end yet. Nothing of it is recorded; ` +
            "run pulumi up again later");
    }
    return { ...tp.factOutputs(facts), ...bought };
}

/** The extension offering the next deploy would buy, as check records it. */
interface SelectedExtension extends ext.ExtensionOffering {
    /** Its entry's index: the plan's extension history must be this long when it is bought. */
    index: number;
}

/** Inputs that decide what the extension preview looks up: while any is not known, it looks up nothing. */
const EXTENSION_DECIDING = ["planName", "region", "timing", "extensions"];

/**
 * For a bought plan: what its extensions ask of this deploy. A bought entry may not change; at
 * most one entry may be added per deploy (an extension offering starts where the plan then ends,
 * so only the next one can be shown); the one added must have an offering within its cap, in the
 * plan's currency. Records the ARN of the plan it looked at, which diff holds to the resource's.
 */
async function checkExtensions(
    client: SageMakerClient, inputs: tp.TrainingPlanInputs, olds: Record<string, unknown>, timing: ops.Timing,
): Promise<{ failures: ops.CheckFailure[]; recorded: Record<string, unknown> }> {
    const entries = inputs.extensions ?? [];
    const plan = await lookUp(client, inputs.planName, timing);
    if (plan === undefined) {
        // A preview that passed here while the deploy's own check finds the plan would buy what no preview showed.
        return entries.length === 0 ? { failures: [], recorded: { extensionPreview: "no extension to buy" } } : {
            failures: [{
                property: "extensions",
                reason: `training plan ${inputs.planName} does not show in ${inputs.region} with these credentials (a plan can take a while to show ` +
                    "after its purchase): its extension history cannot be read, so no preview can say what its extensions buy. Nothing is bought; " +
                    "run pulumi preview again later",
            }],
            recorded: {},
        };
    }
    const { bought: history, failed } = await historyNow(client, plan.arn, timing);
    // The attempts that Failed, for diff: an extension in doubt among them bought nothing.
    const seen = { previewedPlanArn: plan.arn, failedExtensions: failed.length > 0 ? failed : undefined };
    const fail = (reason: string) => ({ failures: [{ property: "extensions", reason: `training plan ${inputs.planName}: ${reason}` }], recorded: {} });
    // The plan's length moves with every extension: longer than its terms and history explain, it
    // holds an extension the history does not show yet (a lost answer), and nothing may be bought.
    const unexplained = ext.unexplainedHours(tp.termsOf(olds).durationHours, history, plan.durationHours);
    if (unexplained > 0) {
        return fail(`the plan is ${unexplained} h longer than its purchase and its ${history.length} extensions in the history explain: ` +
            "an extension bought earlier does not show in the history yet. Nothing is bought until it does; run pulumi up again later");
    }
    const before = (olds.extensions as ext.ExtensionEntry[] | undefined) ?? [];
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
        return { failures: [], recorded: { ...seen, extensionPreview: `all ${entries.length} extensions bought; none to buy` } };
    }
    const [{ index, entry }] = pending;
    // Priced in the plan's own currency: the input may not be known yet.
    const currency = plan.currencyCode ?? String(tp.termsOf(olds).currencyCode);
    const offerings = ext.extensionOfferingsOf(await ops.searchExtensionOfferings(client, plan.arn, entry.durationHours, timing));
    const choice = ext.chooseExtension(offerings, entry, currency);
    const preview = ext.extensionPreview(index, entry, choice, currency);
    if (choice.chosen === undefined) {
        return fail(`${preview}. Nothing is bought: raise its maxUpfrontFee or change its durationHours`);
    }
    const beyond = ext.offeringBeyondPlan(index, choice.chosen, plan.endTime);
    if (beyond !== undefined) {
        return fail(beyond);
    }
    return { failures: [], recorded: { ...seen, extensionPreview: preview, selectedExtension: { ...choice.chosen, index } } };
}

/** The plan's extension history: what it shows bought, oldest first, and the offering of each attempt that Failed. */
async function historyNow(client: SageMakerClient, arn: string, timing: ops.Timing): Promise<{ bought: ext.BoughtExtension[]; failed: string[] }> {
    const history = await ops.extensionHistory(client, arn, timing);
    return { bought: ext.boughtExtensionsOf(history), failed: ext.failedOfferingsOf(history) };
}

/**
 * Why an extension in doubt still blocks this deploy, or undefined when the history settled it
 * (it shows the extension, or shows it Failed: said in a warning) or its entry was removed.
 */
async function doubtRemaining(
    client: SageMakerClient, arn: string, entries: ext.ExtensionEntry[], doubt: ext.ExtensionInDoubt | undefined, timing: ops.Timing,
): Promise<string | undefined> {
    if (doubt === undefined || entries.length <= doubt.index) {
        return undefined;
    }
    const history = await historyNow(client, arn, timing);
    if (ext.doubtFailed(doubt, history.failed)) {
        await pulumi.log.warn(`training plan ${tp.parseTrainingPlanArn(arn).planName}: ${ext.failedDoubtMessage(doubt)}`);
        return undefined;
    }
    return history.bought.length > doubt.index ? undefined : ext.doubtMessage(doubt, history.bought.length);
}

/** What `extend` knows so far, for the state a failure leaves. */
interface ExtendProgress {
    /** Set once ExtendTrainingPlan was sent and not refused, until the plan's new end shows too (or the history shows it Failed): it may be bought. */
    doubt?: ext.ExtensionInDoubt;
    /** The plan as last described. */
    last?: tp.TrainingPlanFacts;
}

/**
 * Buys the extension check selected, if it is still offered on the same terms at that fee or less
 * and the plan's history is as check saw it; ExtendTrainingPlan is sent at most once. A lost answer
 * is looked for in the history. Then it waits until the plan reports its new end and the history
 * shows the extension, and returns the plan's outputs. `progress` says what a failure leaves.
 */
async function extend(
    client: SageMakerClient, arn: string, inputs: tp.TrainingPlanInputs, timing: tp.PurchaseTiming, selected: SelectedExtension, progress: ExtendProgress,
): Promise<Record<string, unknown>> {
    const what = `extensions[${selected.index}] of training plan ${inputs.planName}`;
    const before = await historyNow(client, arn, timing);
    const shown = before.bought.length;
    if (shown !== selected.index) {
        throw new Error(`${what}: nothing bought: ${ext.historyMovedMessage(shown, selected.index)}`);
    }
    const change = ext.extensionOfferingChange(selected,
        ext.extensionOfferingsOf(await ops.searchExtensionOfferings(client, arn, inputs.extensions![selected.index].durationHours, timing)));
    if (change !== undefined) {
        throw new Error(`${what}: nothing bought: ${change}. Run pulumi preview again to see what would be bought now.`);
    }
    const offering = `extension offering ${selected.offeringId} (${selected.upfrontFee} ${selected.currencyCode})`;
    const sdk = ops.sagemakerSdk();
    const failedBefore = before.failed.filter((id) => id === selected.offeringId).length;
    const doubt: ext.ExtensionInDoubt = { index: selected.index, offeringId: selected.offeringId, ...(failedBefore > 0 ? { failedBefore } : {}) };
    progress.doubt = doubt;
    let how = "";
    try {
        await ops.call(`ExtendTrainingPlan with ${offering}`,
            () => client.send(new sdk.ExtendTrainingPlanCommand({ TrainingPlanExtensionOfferingId: selected.offeringId })), timing, false);
    } catch (err) {
        const cause = (err as { cause?: unknown }).cause ?? err;
        if (ops.isRefusal(err)) {
            progress.doubt = undefined;
            throw new Error(`${what}: nothing bought: ExtendTrainingPlan was refused: ${ops.errorText(cause)}.${busyHint(err)}`);
        }
        // It may have been bought: never sent again; the history says.
        try {
            await lookBriefly(tp.parseTrainingPlanArn(arn).region, `${what} to show in the extension history`, timing, async (c, once) => {
                const history = await historyNow(c, arn, once);
                return history.bought.length > selected.index || ext.doubtFailed(doubt, history.failed) || undefined;
            });
        } catch (lookup) {
            throw new Error(`${what}: the extension may have been bought. ExtendTrainingPlan with offering ${selected.offeringId} got no ` +
                `readable answer (${ops.errorText(cause)}), and the history did not show it (${(lookup as Error).message}). Do not extend by hand: ` +
                "the state records it in doubt, and no later pulumi up buys this entry until the history shows it.");
        }
        // Still in doubt: one read of the history may be a replica's that a later read contradicts.
        how = " (the extension history shows it)";
    }
    try {
        return await ops.waitFor(`training plan ${inputs.planName} to end at ${selected.endDate ?? "its new end"} and its history to show the extension`, async () => {
            const history = await historyNow(client, arn, timing);
            if (ext.doubtFailed(doubt, history.failed)) {
                progress.doubt = undefined;
                throw new Error(`${what}: nothing bought: ExtendTrainingPlan with offering ${selected.offeringId} shows as Failed in the plan's ` +
                    "extension history. Run pulumi preview again to see what would be bought now.");
            }
            const bought = history.bought;
            const facts = await recordedPlan(client, arn, timing);
            progress.last = facts;
            // An offering without an end date: the history showing the extension is all there is to wait for.
            const moved = selected.endDate === undefined || (facts.endTime !== undefined && Date.parse(facts.endTime) >= Date.parse(selected.endDate));
            return {
                done: moved && bought.length > selected.index,
                value: { ...tp.factOutputs(facts), extensionsBought: bought },
                state: `ends ${facts.endTime}, ${bought.length} extensions in the history`,
            };
        }, timing);
    } catch (err) {
        if (progress.doubt === undefined) {
            throw err;
        }
        throw new Error(`${what}: ${offering} was bought${how}, but ${(err as Error).message}. The state records extensions[${selected.index}] ` +
            "in doubt until the plan's extension history shows it and the plan's end moves with it: no later pulumi up buys this entry again, " +
            "nor any after it, until then. Do not extend by hand.");
    }
}

/**
 * An update that buys the extension check selected, or settles one in doubt. Whatever fails once
 * ExtendTrainingPlan may have bought, the state records the extension in doubt (until the history
 * shows it and the plan's end has moved, or the history shows it Failed) and the plan as last
 * seen, so that no later run buys the entry again.
 */
async function extendPlan(
    client: SageMakerClient, id: string, inputs: tp.TrainingPlanInputs, timing: tp.PurchaseTiming, olds: Record<string, unknown>,
    recorded: Record<string, unknown>, selected: SelectedExtension | undefined, doubt: ext.ExtensionInDoubt | undefined,
): Promise<Record<string, unknown>> {
    // The state keeps the entries as they were, so that the next deploy runs again, and what may have been bought.
    const kept = { ...recorded, extensions: olds.extensions };
    const remaining = await doubtRemaining(client, id, inputs.extensions ?? [], doubt, timing);
    if (remaining !== undefined) {
        throw ops.partialState(`training plan ${inputs.planName}: ${remaining}`, id, ops.toState(kept));
    }
    const progress: ExtendProgress = {};
    try {
        const now = selected === undefined ? await planNow(client, id, timing) : await extend(client, id, inputs, timing, selected, progress);
        return ops.toState({ ...recorded, extensionInDoubt: undefined, ...now });
    } catch (err) {
        // A doubt the history seemed to settle stays until a deploy records the plan as it is now.
        throw ops.partialState(`${(err as Error).message}${busyHint(err)}`, id,
            ops.toState({ ...kept, extensionInDoubt: progress.doubt ?? doubt, ...(progress.last && tp.factOutputs(progress.last)) }));
    }
}

/** Why a bought plan's terms cannot change, each failure naming its term; a region that the environment moved is said to be that. */
function termChanges(olds: Record<string, unknown>, changed: string[], inputs: tp.TrainingPlanInputs, regionGiven: boolean): ops.CheckFailure[] {
    const fromEnvironment = !regionGiven && changed.includes("region");
    const terms = fromEnvironment ? changed.filter((k) => k !== "region") : changed;
    const reason = tp.purchaseTermsMessage(olds, terms, inputs as unknown as Record<string, unknown>);
    const region = tp.environmentRegionMessage(inputs.planName, String(tp.termsOf(olds).region), String(inputs.region));
    return [...terms.map((property) => ({ property, reason })), ...(fromEnvironment ? [{ property: "region", reason: region }] : [])];
}

export const trainingPlanProvider: pulumi.dynamic.ResourceProvider = ops.keepingProvider({
    /**
     * Validates the inputs and fixes the region. For a plan not bought yet it also finds what
     * `create` would do and records it in the checked inputs: the offering it would buy
     * (`selectedOffering`, and `offeringPreview` in words, which `pulumi preview --diff` shows) or
     * the existing plan it would adopt, with its extension history; it fails when nothing fits, and
     * refuses extensions in a plan's first deploy. For a bought plan, a change of its purchase terms
     * fails here, naming each; the next extension is previewed. Inputs not known yet are neither
     * judged nor sent to the API, nor printed. Under mocks no provider runs, so tests and
     * `npm run plan` stay offline.
     */
    async check(olds, news) {
        const failures = [...tp.checkTrainingPlanInputs(news), ...(ops.holdsUnknown(news.extensions) ? [] : ext.checkExtensions(news.extensions))];
        if (failures.length > 0) {
            return { failures };
        }
        const given = inputsOf(news);
        const timing = timingOf(given);
        // The client resolves the region without calling AWS; it is fixed into the inputs. A timing not known yet is not used.
        const client = ops.holdsUnknown(news.region) ? undefined
            : await ops.sagemakerClient(given.region, ops.holdsUnknown(news.timing) ? tp.DEFAULT_PURCHASE_TIMING : timing);
        const inputs = { ...given, region: client === undefined ? given.region : await client.config.region() };
        const entriesUnknown = ops.holdsUnknown(news.extensions);
        const entries = entriesUnknown ? [] : inputs.extensions ?? [];
        if (olds.planName !== undefined) {
            const changed = tp.changedPurchaseTerms(olds, inputs as unknown as Record<string, unknown>);
            if (changed.length > 0) {
                return { failures: termChanges(olds, changed, inputs, given.region !== undefined) };
            }
            const kept = { ...inputs, offeringPreview: olds.offeringPreview, selectedOffering: olds.selectedOffering };
            if (!entriesUnknown && entries.length === 0 && ((olds.extensions as unknown[] | undefined) ?? []).length === 0) {
                return { inputs: ops.toState(kept) };
            }
            const unknown = EXTENSION_DECIDING.filter((k) => ops.holdsUnknown(news[k]));
            if (unknown.length > 0 || client === undefined) {
                return { inputs: ops.toState({ ...kept, extensionPreview: ext.undecidedExtensionPreview(unknown) }) };
            }
            const extensions = await checkExtensions(client, inputs, olds, timing);
            if (extensions.failures.length > 0) {
                return { failures: extensions.failures };
            }
            return { inputs: ops.toState({ ...kept, ...extensions.recorded }) };
        }
        const unknown = [...tp.unknownTerms(news), ...(entriesUnknown ? ["extensions"] : [])];
        if (unknown.length > 0 || client === undefined) {
            const extensionPreview = entriesUnknown || entries.length > 0 ? ext.FIRST_DEPLOY_UNDECIDED : undefined;
            return { inputs: ops.toState({ ...inputs, offeringPreview: tp.undecidedPreview(news, unknown), extensionPreview }) };
        }
        const existing = await lookUp(client, inputs.planName, timing);
        if (existing !== undefined) {
            const { adopted } = await adoption(client, inputs, existing, timing);
            const refusals = adoptionFailures(inputs, existing, adopted);
            if (refusals.length > 0) {
                return { failures: refusals };
            }
            return {
                inputs: ops.toState({
                    ...inputs, offeringPreview: `would adopt existing ${tp.describePlan(existing)}`, extensionPreview: ext.adoptedPreview(entries, adopted),
                }),
            };
        }
        if (entries.length > 0) {
            return { failures: [{ property: "extensions", reason: `training plan ${inputs.planName}: ${ext.FIRST_DEPLOY_EXTENSIONS}` }] };
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

    /**
     * A change of purchase terms fails; so does a preview of another account's plan of the name, one
     * that would buy the entry of an extension still in doubt, and one that removes that entry or
     * misuses extensionNotBought. A plan not yet usable, or recorded ending before its last
     * extension, is looked at again; budget, tags and timing are recorded.
     */
    async diff(id, olds, news) {
        const changed = [...tp.changedPurchaseTerms(olds, news), ...(tp.pinChanged(olds, news) ? ["offeringId"] : [])];
        if (changed.length > 0) {
            throw new Error(tp.purchaseTermsMessage(olds, changed, news));
        }
        const planName = tp.parseTrainingPlanArn(id).planName;
        if (typeof news.previewedPlanArn === "string" && news.previewedPlanArn !== id) {
            throw new Error(`training plan ${planName}: ${tp.otherPlanMessage(planName, id, news.previewedPlanArn)}. Nothing is extended or recorded: ` +
                "run with credentials for the account that owns the plan.");
        }
        const doubt = olds.extensionInDoubt as ext.ExtensionInDoubt | undefined;
        const selected = news.selectedExtension as SelectedExtension | undefined;
        const entries = Array.isArray(news.extensions) ? news.extensions.length : 0;
        // A confirmation not known yet is judged by update, once it is.
        const settlement = ops.holdsUnknown(news.extensionNotBought) ? { cleared: false }
            : ext.doubtSettlement(doubt, entries, news.extensionNotBought as string | undefined);
        if (settlement.refusal !== undefined) {
            throw new Error(`training plan ${planName}: ${settlement.refusal}`);
        }
        const failed = doubt !== undefined && ext.doubtFailed(doubt, (news.failedExtensions as string[] | undefined) ?? []);
        if (doubt !== undefined && !failed && selected !== undefined && doubt.index < entries && selected.index <= doubt.index) {
            throw new Error(`training plan ${planName}: ${ext.doubtMessage(doubt, selected.index)}`);
        }
        const unsettled = !tp.USABLE_STATUSES.includes(String(olds.status)) && !endedAsExpected(olds, news);
        const mutable = ["maxUpfrontFee", "tags", "timing", "extensions", "extensionNotBought"].filter((k) => JSON.stringify(olds[k]) !== JSON.stringify(news[k]));
        const extending = selected !== undefined || doubt !== undefined;
        // A plan recorded ending before its last extension (a refresh while it lagged) is read again.
        const lagging = ext.endBeforeExtensions(olds.endTime as string | undefined, (olds.extensionsBought as ext.BoughtExtension[] | undefined) ?? []) !== undefined;
        return { changes: unsettled || extending || lagging || mutable.length > 0 || ops.holdsUnknown(news), replaces: [], deleteBeforeReplace: false };
    },

    /**
     * Adopts a matching plan of this name, with what its extension history and length say of the
     * entries, or buys exactly the offering check selected if it is still offered at that fee or
     * less; CreateTrainingPlan is sent at most once. It buys no extension.
     */
    async create(news) {
        const inputs = inputsOf(news);
        const timing = timingOf(inputs);
        const client = await ops.sagemakerClient(inputs.region, timing);
        // Never buy twice: a plan of this name may exist from an earlier run whose answer was lost.
        const existing = await lookUp(client, inputs.planName, timing);
        if (existing !== undefined) {
            const { history, adopted } = await adoption(client, inputs, existing, timing);
            assertAdoptable(inputs, existing, adopted);
            return settle(client, inputs, timing, existing, "was adopted", undefined, { extensionsBought: history, extensionInDoubt: adopted.doubt });
        }
        if ((inputs.extensions ?? []).length > 0) {
            throw new Error(`training plan ${inputs.planName}: nothing bought: ${ext.FIRST_DEPLOY_EXTENSIONS}.`);
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
        const arn = tp.parseTrainingPlanArn(id);
        const timing = timingOf(inputsOf(props));
        const client = await ops.sagemakerClient(arn.region, timing);
        const facts = await recordedPlan(client, id, timing, "refresh", props.status !== undefined);
        const extended = ((props.extensions as unknown[] | undefined) ?? []).length > 0 || props.extensionsBought !== undefined;
        return {
            id,
            props: ops.toState({ ...props, purchaseTerms: tp.termsOf(props), ...tp.factOutputs(facts), ...(extended ? await extensionOutputs(client, id, timing) : {}) }),
        };
    },

    /**
     * Records a new budget, tags or timing (none touches the purchase); buys the extension check
     * selected, or settles one in doubt (the history shows it, or shows it Failed, or
     * extensionNotBought denies it with its entry removed). A plan not yet usable (a create that did not finish, or a
     * recorded Pending) is described and awaited again, bounded. Whenever the entries are read
     * against the history, the outputs report the plan as it is now.
     */
    async update(id, olds, news) {
        const recorded = {
            ...olds, maxUpfrontFee: news.maxUpfrontFee, tags: news.tags, timing: news.timing, extensions: news.extensions, allowEnded: news.allowEnded,
            extensionNotBought: news.extensionNotBought,
        };
        const arn = tp.parseTrainingPlanArn(id);
        const inputs = inputsOf(news);
        const timing = timingOf(inputs);
        const selected = news.selectedExtension as SelectedExtension | undefined;
        const doubt = olds.extensionInDoubt as ext.ExtensionInDoubt | undefined;
        const settlement = ext.doubtSettlement(doubt, (inputs.extensions ?? []).length, inputs.extensionNotBought);
        if (settlement.refusal !== undefined) {
            throw new Error(`training plan ${inputs.planName}: ${settlement.refusal}`);
        }
        if (settlement.cleared) {
            await pulumi.log.warn(`training plan ${inputs.planName}: extensions[${doubt!.index}] (offering ${doubt!.offeringId}) is no longer in doubt: ` +
                "extensionNotBought says it was not bought. Remove extensionNotBought in the next deploy; an entry added then is previewed and bought anew.");
        }
        if (selected !== undefined || doubt !== undefined) {
            return { outs: await extendPlan(await ops.sagemakerClient(arn.region, timing), id, inputs, timing, olds, recorded, selected, doubt) };
        }
        if (tp.USABLE_STATUSES.includes(String(olds.status)) || endedAsExpected(olds, news)) {
            const extended = (inputs.extensions ?? []).length > 0;
            return { outs: ops.toState({ ...recorded, ...(extended ? await planNow(await ops.sagemakerClient(arn.region, timing), id, timing) : {}) }) };
        }
        const client = await ops.sagemakerClient(arn.region, timing);
        let last: tp.TrainingPlanFacts | undefined;
        try {
            const facts = await waitUntilUsable(client, arn.planName, id, timing, (seen) => { last = seen; });
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
        await pulumi.log.warn(tp.deleteWarning(String(props.planName), id, props.endTime as string | undefined, props.extensionInDoubt as ext.ExtensionInDoubt | undefined));
    },
});

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
    /**
     * An extension that may have been bought (ExtendTrainingPlan sent, or a plan adopted whose length
     * shows it) that no deploy has seen through yet (its history showing it and the plan's end
     * moved): neither its entry nor any after it is bought until one does. Removing the entry does
     * not clear it; see extensionNotBought.
     */
    public readonly extensionInDoubt!: pulumi.Output<ext.ExtensionInDoubt | undefined>;

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
