/**
 * Extensions of a training plan as plain values: the entries asked for, how they pair with what
 * the plan's extension history says was bought, which offering the next entry would buy, and
 * what may not change. No SDK calls here; the provider gathers the answers.
 */
import type { TrainingPlanExtension, TrainingPlanExtensionOffering } from "@aws-sdk/client-sagemaker";
import { feeOf, iso } from "./training-plan-plan";
import { CheckFailure } from "./sagemaker-ops";

/** One extension to buy, in order: as long as this, for at most this fee. */
export interface ExtensionEntry {
    /** Hours the plan is extended by, 1 to 4368 (the API's bounds). */
    durationHours: number;
    /** The most to pay for this extension, in the plan's currency. */
    maxUpfrontFee: number;
    /**
     * The extension offering to buy, as a preview showed it: the entry buys that offering (of its
     * duration, at most its cap) or nothing. Default: the cheapest that fits.
     */
    offeringId?: string;
}

/** An extension's terms, offered or bought. */
export interface ExtensionTerms {
    offeringId: string;
    /** NaN when the fee cannot be read: never bought. */
    upfrontFee: number;
    currencyCode: string;
    durationHours?: number;
    startDate?: string;
    endDate?: string;
}

/** An extension offering, as plain values. */
export interface ExtensionOffering extends ExtensionTerms {
    availabilityZone?: string;
}

/** An extension the plan's history shows as bought. */
export interface BoughtExtension extends ExtensionTerms {
    status?: string;
}

/** TrainingPlanExtensionDurationHours' bounds in the SageMaker API model. */
const EXTENSION_HOURS = { min: 24, max: 4368 };

/** The terms the API writes alike for an extension offering and a bought extension. */
function termsOf(e: TrainingPlanExtensionOffering | TrainingPlanExtension): ExtensionTerms {
    return {
        offeringId: e.TrainingPlanExtensionOfferingId ?? "",
        upfrontFee: feeOf(e.UpfrontFee),
        currencyCode: e.CurrencyCode ?? "",
        durationHours: e.DurationHours,
        startDate: iso(e.StartDate),
        endDate: iso(e.EndDate),
    };
}

export function extensionOfferingsOf(offerings: TrainingPlanExtensionOffering[] | undefined): ExtensionOffering[] {
    return (offerings ?? []).map((o) => ({ ...termsOf(o), availabilityZone: o.AvailabilityZone }));
}

/**
 * The history's extensions, oldest first (the API does not promise an order: they are sorted by
 * when they were bought); a Failed one bought nothing and fills no entry.
 */
export function boughtExtensionsOf(history: TrainingPlanExtension[]): BoughtExtension[] {
    return [...history]
        .filter((e) => e.Status !== "Failed")
        .sort((a, b) => (a.ExtendedAt?.getTime() ?? 0) - (b.ExtendedAt?.getTime() ?? 0))
        .map((e) => ({ ...termsOf(e), status: e.Status }));
}

/** Why `extensions` is not a list of entries the API could take, one failure per problem. */
export function checkExtensions(value: unknown): CheckFailure[] {
    if (value === undefined) {
        return [];
    }
    // The values are not repeated: they may hold a cap, which may be a secret.
    if (!Array.isArray(value)) {
        return [{ property: "extensions", reason: `extensions must be a list of {durationHours, maxUpfrontFee}, not ${kindOf(value)}` }];
    }
    return value.flatMap((entry, i): CheckFailure[] => {
        const field = `extensions[${i}]`;
        if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
            return [{ property: "extensions", reason: `${field} must be an object {durationHours, maxUpfrontFee}, not ${kindOf(entry)}` }];
        }
        const { durationHours, maxUpfrontFee, offeringId, ...rest } = entry as Record<string, unknown>;
        const failures: CheckFailure[] = Object.keys(rest).map((key) => ({
            // Named without its value: it may be a misspelled cap.
            property: "extensions", reason: `${field}.${key} is not a known setting (known: durationHours, maxUpfrontFee, offeringId)`,
        }));
        if (offeringId !== undefined && (typeof offeringId !== "string" || offeringId.trim() === "")) {
            failures.push({ property: "extensions", reason: `${field}.offeringId: ${JSON.stringify(offeringId)} must be an extension offering's id, as a preview shows it` });
        }
        if (typeof durationHours !== "number" || !Number.isInteger(durationHours) || durationHours < EXTENSION_HOURS.min
            || durationHours > EXTENSION_HOURS.max || durationHours % 24 !== 0) {
            failures.push({
                property: "extensions",
                reason: `${field}.durationHours: ${JSON.stringify(durationHours ?? null)} must be whole days: a multiple of 24 from 24 to ${EXTENSION_HOURS.max}`,
            });
        }
        if (typeof maxUpfrontFee !== "number" || !(maxUpfrontFee > 0)) {
            failures.push({ property: "extensions", reason: `${field}.maxUpfrontFee must be a number above 0 (${SECRET_CAP})` });
        }
        return failures;
    });
}

/** Why a cap's value is never written in a message or preview. */
const SECRET_CAP = "its value is not shown: a cap may be a secret";

/** What kind of value a misplaced one is, without its value. */
function kindOf(value: unknown): string {
    return value === null ? "null" : Array.isArray(value) ? "a list" : typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/** The entries asked for, paired in order with the extensions the history shows (also part of the planning entry's API). */
export interface ExtensionProgress {
    /** Entries already bought, each with its extension. */
    bought: { entry: ExtensionEntry; extension: BoughtExtension }[];
    /** The entries not bought yet, in order, with their index. */
    pending: { index: number; entry: ExtensionEntry }[];
    /** Extensions the history shows beyond the entries: bought by hand, or entries removed. */
    beyond: BoughtExtension[];
}

/** The i-th entry is the i-th extension bought: so nothing is bought twice, whatever happened between runs. */
export function extensionProgress(entries: ExtensionEntry[], history: BoughtExtension[]): ExtensionProgress {
    return {
        bought: history.slice(0, entries.length).map((extension, i) => ({ entry: entries[i], extension })),
        pending: entries.slice(history.length).map((entry, i) => ({ index: history.length + i, entry })),
        beyond: history.slice(entries.length),
    };
}

/**
 * Why the entries may not change as asked: a bought entry's terms are spent money, and an
 * extension cannot be undone. Empty when only entries were added.
 */
export function boughtEntryChanges(before: ExtensionEntry[], after: ExtensionEntry[], boughtCount: number): string[] {
    const reasons: string[] = [];
    for (let i = 0; i < Math.min(boughtCount, before.length); i++) {
        const was = before[i];
        const now = after[i];
        if (now === undefined) {
            reasons.push(`extensions[${i}] (${was.durationHours} h) was bought and cannot be removed: an extension cannot be undone`);
        } else {
            const changed = [
                now.durationHours !== was.durationHours ? `durationHours ${was.durationHours} -> ${now.durationHours}` : undefined,
                now.maxUpfrontFee !== was.maxUpfrontFee ? `maxUpfrontFee (${SECRET_CAP})` : undefined,
                now.offeringId !== was.offeringId ? `offeringId ${was.offeringId ?? "none"} -> ${now.offeringId ?? "none"}` : undefined,
            ].filter((c): c is string => c !== undefined);
            if (changed.length > 0) {
                reasons.push(`extensions[${i}] was bought and cannot change (${changed.join(", ")}): ` +
                    "an extension cannot be undone or changed; add a new entry instead");
            }
        }
    }
    return reasons;
}

/**
 * Entries whose extension in the history lasts otherwise than asked, or is another offering than
 * the entry pins: bought elsewhere, they do not stand for the entry.
 */
export function historyMismatches(entries: ExtensionEntry[], history: BoughtExtension[]): string[] {
    return history.slice(0, entries.length).flatMap((e, i) => {
        const entry = entries[i];
        const bought = `the plan's extension ${i + 1} (offering ${e.offeringId}, bought elsewhere or earlier)`;
        if (e.durationHours !== undefined && e.durationHours !== entry.durationHours) {
            return [`extensions[${i}] asks for ${entry.durationHours} h, but ${bought} lasts ${e.durationHours} h: make the entry say ${e.durationHours}`];
        }
        if (entry.offeringId !== undefined && entry.offeringId !== e.offeringId) {
            return [`extensions[${i}] pins offering ${entry.offeringId}, but ${bought} is another: make the entry pin ${e.offeringId}, or drop its offeringId`];
        }
        return [];
    });
}

/** The offering an entry would buy, and why there is none when there is none. */
export interface ExtensionChoice {
    chosen?: ExtensionOffering;
    /** The cheapest offering of the entry's duration and currency, in budget or not. */
    cheapest?: ExtensionOffering;
    found: number;
    unreadable: ExtensionOffering[];
}

/**
 * The cheapest offering of exactly the entry's duration, in the plan's currency, at most its cap
 * (only the pinned one, when the entry pins one); never one whose fee cannot be read.
 */
export function chooseExtension(offerings: ExtensionOffering[], entry: ExtensionEntry, currencyCode: string): ExtensionChoice {
    const fitting = offerings
        .filter((o) => entry.offeringId === undefined || o.offeringId === entry.offeringId)
        .filter((o) => o.durationHours === entry.durationHours && o.currencyCode === currencyCode && Number.isFinite(o.upfrontFee))
        .sort((a, b) => a.upfrontFee - b.upfrontFee);
    return {
        chosen: fitting.find((o) => o.upfrontFee <= entry.maxUpfrontFee),
        cheapest: fitting[0],
        found: offerings.length,
        unreadable: offerings.filter((o) => !Number.isFinite(o.upfrontFee)),
    };
}

/** What the preview says an entry would buy, or why it buys nothing. */
export function extensionPreview(index: number, entry: ExtensionEntry, choice: ExtensionChoice, currencyCode: string): string {
    const pin = entry.offeringId === undefined ? "" : `, offering ${entry.offeringId} only`;
    const what = `extensions[${index}] (${entry.durationHours} h within its cap${pin})`;
    if (choice.chosen !== undefined) {
        const o = choice.chosen;
        return `${what} would buy extension offering ${o.offeringId} for ${o.upfrontFee} ${o.currencyCode}, to end ${o.endDate ?? "when the offering ends"}`;
    }
    const why = choice.cheapest !== undefined
        ? `the cheapest of ${entry.durationHours} h costs ${choice.cheapest.upfrontFee} ${choice.cheapest.currencyCode}, above the cap`
        : entry.offeringId !== undefined
            ? `offering ${entry.offeringId} is not among the ${choice.found} extension offerings found of ${entry.durationHours} h in ${currencyCode}`
            : `none of the ${choice.found} extension offerings found lasts ${entry.durationHours} h in ${currencyCode}`;
    const unreadable = choice.unreadable.length === 0 ? "" : ` (${choice.unreadable.length} not considered: their fee cannot be read)`;
    return `${what}: nothing fits: ${why}${unreadable}`;
}

/**
 * Whether the offering shown at preview is still on offer on the same terms at that fee or less;
 * undefined when it is, else what changed: the deploy buys exactly what the preview showed, or nothing.
 */
export function extensionOfferingChange(shown: ExtensionOffering, offerings: ExtensionOffering[]): string | undefined {
    const now = offerings.find((o) => o.offeringId === shown.offeringId);
    if (now === undefined) {
        return `extension offering ${shown.offeringId} is no longer offered`;
    }
    if (!Number.isFinite(now.upfrontFee) || now.upfrontFee > shown.upfrontFee) {
        return `extension offering ${shown.offeringId} now costs ${Number.isFinite(now.upfrontFee) ? now.upfrontFee : "an unreadable fee"} ${now.currencyCode}, ` +
            `not the ${shown.upfrontFee} ${shown.currencyCode} the preview showed`;
    }
    if (now.durationHours !== shown.durationHours || now.endDate !== shown.endDate || now.currencyCode !== shown.currencyCode) {
        return `extension offering ${shown.offeringId} now ends ${now.endDate} after ${now.durationHours} h in ${now.currencyCode}, ` +
            `not ${shown.endDate} after ${shown.durationHours} h in ${shown.currencyCode} as the preview showed`;
    }
    return undefined;
}

/** Hours the history's extensions add to the plan. */
function historyHours(history: BoughtExtension[]): number {
    return history.reduce((sum, e) => sum + (e.durationHours ?? 0), 0);
}

/** Hours of the plan's length that neither its purchase nor the extensions in its history explain. */
export function unexplainedHours(boughtHours: number, history: BoughtExtension[], planHours: number | undefined): number {
    const explained = boughtHours + historyHours(history);
    return planHours === undefined ? 0 : Math.max(0, planHours - explained);
}

/**
 * An extension that may have been bought and that the plan's extension history does not show
 * yet: neither its entry nor any after it is bought until the history shows it.
 */
export interface ExtensionInDoubt {
    index: number;
    /** The offering sent to ExtendTrainingPlan; absent when only the plan's length shows the extension (a plan adopted by name). */
    offeringId?: string;
    /** Extensions of that offering the history showed as Failed when it was sent (absent: none): one more means this one bought nothing. */
    failedBefore?: number;
}

/** The offering of every extension the history shows as Failed (it bought nothing), once per attempt. */
export function failedOfferingsOf(history: TrainingPlanExtension[]): string[] {
    return history.filter((e) => e.Status === "Failed").map((e) => e.TrainingPlanExtensionOfferingId ?? "");
}

/** Whether the history shows the extension in doubt as Failed (an attempt of its offering more than when it was sent): nothing was bought. */
export function doubtFailed(doubt: ExtensionInDoubt, failed: string[]): boolean {
    return doubt.offeringId !== undefined && failed.filter((id) => id === doubt.offeringId).length > (doubt.failedBefore ?? 0);
}

/** What settles an extension in doubt that the history shows as Failed. */
export function failedDoubtMessage(doubt: ExtensionInDoubt): string {
    return `extensions[${doubt.index}]: ExtendTrainingPlan with offering ${doubt.offeringId} shows as Failed in the plan's extension history: ` +
        "nothing was bought by it, and it is no longer in doubt";
}

/** What may have bought an extension in doubt. */
function doubtCause(doubt: ExtensionInDoubt): string {
    return doubt.offeringId === undefined ? "an extension that the plan's length shows" : `ExtendTrainingPlan with offering ${doubt.offeringId}`;
}

/** How an extension in doubt is settled other than by the history showing it. */
function doubtWayOut(doubt: ExtensionInDoubt): string {
    return doubt.offeringId === undefined
        ? `The plan's length shows it, so it was bought: it counts as extensions[${doubt.index}] once the history shows it`
        : "If you are sure nothing was bought (the plan's end and your bill unchanged), " +
            `remove extensions[${doubt.index}] and set extensionNotBought: "${doubt.offeringId}" in one deploy, ` +
            "then add the entry again without extensionNotBought in the next";
}

/** Why an extension in doubt blocks buying, given how many extensions the history shows. */
export function doubtMessage(doubt: ExtensionInDoubt, shown: number): string {
    return `extensions[${doubt.index}]: ${doubtCause(doubt)} may have gone through and the extension history still shows ${shown}; nothing more is bought ` +
        `until it shows there. ${doubtWayOut(doubt)}`;
}

/**
 * Why the entries and `extensionNotBought` (an offering confirmed as not bought) cannot stand with
 * the extension in doubt, if they cannot; `cleared` when they settle it. A doubt outlives its
 * entry's removal (a slip of the program must not forget it): only the history showing the
 * extension, or the confirmation in a deploy that removes the entry, settles it. A confirmation
 * left in the program is refused, so that it never settles a later doubt unseen.
 */
export function doubtSettlement(doubt: ExtensionInDoubt | undefined, entries: number, notBought: string | undefined): { refusal?: string; cleared: boolean } {
    if (doubt === undefined) {
        return notBought === undefined ? { cleared: false }
            : { refusal: `extensionNotBought "${notBought}" names no extension in doubt: remove it`, cleared: false };
    }
    if (entries > doubt.index) {
        return notBought === undefined ? { cleared: false } : {
            refusal: `extensionNotBought "${notBought}" settles extensions[${doubt.index}] only with its entry removed: remove extensions[${doubt.index}] ` +
                "and any after it in this deploy, and add it again without extensionNotBought in the next",
            cleared: false,
        };
    }
    if (doubt.offeringId !== undefined && notBought === doubt.offeringId) {
        return { cleared: true };
    }
    return {
        refusal: `extensions[${doubt.index}] is in doubt (${doubtCause(doubt)} may have gone through): removing its entry does not settle it. ` +
            `Put the entry back: nothing more is bought until the plan's extension history shows it. ${doubtWayOut(doubt)}`,
        cleared: false,
    };
}

/**
 * Why an offering is not to be bought now: it starts after the plan's end as reported, or
 * undefined. An extension offering starts where the plan really ends, so a plan that reports an
 * earlier end holds an extension that does not show yet (a purchase whose outcome was lost with
 * the run's state, while the history and the plan's length lag too).
 */
export function offeringBeyondPlan(index: number, offering: ExtensionOffering, planEnd: string | undefined): string | undefined {
    if (offering.startDate === undefined || planEnd === undefined || !(Date.parse(offering.startDate) > Date.parse(planEnd))) {
        return undefined;
    }
    return `extensions[${index}]: extension offering ${offering.offeringId} starts ${offering.startDate}, after the plan's end as SageMaker reports it ` +
        `(${planEnd}): the plan was extended further than it shows, by an extension that neither its end nor its history shows yet ` +
        "(a purchase whose outcome a run lost). Nothing is bought; run pulumi up again once the plan's end shows it";
}

/**
 * Why a plan's end as reported is not to be recorded: it is before its last extension's end, which
 * it does not show yet (undefined when it does).
 */
export function endBeforeExtensions(endTime: string | undefined, history: BoughtExtension[]): string | undefined {
    const ends = history.filter((e) => e.endDate !== undefined).sort((a, b) => Date.parse(b.endDate!) - Date.parse(a.endDate!));
    const last = ends[0];
    if (last === undefined || (endTime !== undefined && Date.parse(endTime) >= Date.parse(last.endDate!))) {
        return undefined;
    }
    return `ends ${endTime ?? "at no time reported"} as SageMaker reports it, before its last extension (offering ${last.offeringId}) ends ${last.endDate}`;
}

/** How the entries stand against a plan found by name: what its length owes to extensions, one in doubt, and why the entries cannot be taken. */
export interface AdoptedExtensions {
    /** Hours of the plan's length that extensions account for: the history's, and one in doubt. */
    extendedHours: number;
    doubt?: ExtensionInDoubt;
    /** Why the entries cannot stand as they are; empty when they can. */
    problems: string[];
}

/**
 * The entries of a resource that takes over a plan by name (a rename, a move into a component,
 * --replace: the state of the one before, and any extension it recorded in doubt, are not at hand).
 * The history's extensions are the first entries, bought. A plan longer than its purchase and
 * history explain holds an extension the history does not show yet: the next entry may be it, and
 * is in doubt. An entry beyond those may have been bought too (history and length can both lag),
 * so the deploy that adopts refuses it rather than let a later one buy it again.
 */
export function adoptedExtensions(entries: ExtensionEntry[], history: BoughtExtension[], boughtHours: number, planHours: number | undefined): AdoptedExtensions {
    const unexplained = unexplainedHours(boughtHours, history, planHours);
    const doubt = unexplained > 0 && entries.length > history.length ? { index: history.length } : undefined;
    const accounted = history.length + (doubt === undefined ? 0 : 1);
    const problems = historyMismatches(entries, history);
    if (entries.length > accounted) {
        problems.push(`extensions[${accounted}] and after are not in the extension history of the plan this deploy adopts (${history.length} extensions` +
            `${doubt === undefined ? "" : `, and extensions[${doubt.index}] that its length shows`}): a deploy that adopts a plan buys no extension. ` +
            "If a resource this one takes over (a rename, a move into a component, or --replace) bought it, the history may not show it yet: " +
            "wait until it does, then run pulumi up again. Otherwise remove the entry for this deploy and add it in a later one, whose preview " +
            "shows what it buys. To rename a TrainingPlan or move it into a component, give it aliases: its state, and any extension it records " +
            "in doubt, then moves with it");
    }
    return { extendedHours: historyHours(history) + (doubt === undefined ? 0 : unexplained), doubt, problems };
}

/** What the preview of a deploy that adopts a plan says of its entries: none is bought. */
export function adoptedPreview(entries: ExtensionEntry[], adopted: AdoptedExtensions): string | undefined {
    if (entries.length === 0) {
        return undefined;
    }
    const doubt = adopted.doubt === undefined ? "" : `; extensions[${adopted.doubt.index}] may have been bought: the plan is longer than its ` +
        "purchase and extension history explain, and nothing is bought until the history shows it";
    const shown = entries.length - (adopted.doubt === undefined ? 0 : 1);
    return `${shown} of the ${entries.length} extensions are in the plan's extension history, counted as bought; this deploy buys none${doubt}`;
}

/** Why a plan's first deploy takes no entries: it buys the plan, and an extension offering starts where a bought plan ends. */
export const FIRST_DEPLOY_EXTENSIONS = "extensions: a plan's first deploy buys no extension: add extensions once the plan is bought, one per deploy " +
    "(each extension offering starts where the plan then ends, so no preview can show one before). Remove them for this deploy";

/** What the preview of a plan's first deploy says of entries it cannot check yet against a plan's history. */
export const FIRST_DEPLOY_UNDECIDED = "a plan's first deploy buys no extension: it fails before buying or adopting anything unless every entry " +
    "is in the extension history of the plan it adopts";

/** What the preview of a bought plan says of its entries while inputs that decide the look-ups are not known. */
export function undecidedExtensionPreview(unknown: string[]): string {
    return `not decided in this preview: ${unknown.join(", ")} ${unknown.length > 1 ? "are" : "is"} not known until the deployment runs. ` +
        "Then the deploy reads the plan's extension history and buys at most the next entry (the cheapest offering of its duration within its " +
        "cap, or the one it pins), or nothing; nothing is looked up or bought in this preview";
}

/** Why the history shows another count of extensions than the preview saw: nothing was bought. */
export function historyMovedMessage(shown: number, previewed: number): string {
    return shown > previewed
        ? `the plan's extension history shows ${shown} extension${shown === 1 ? "" : "s"}, not the ${previewed} the preview saw: an extension was bought ` +
            `meanwhile (by hand or by another run), and it counts as extensions[${previewed}]. Run pulumi preview again to see what the entries ask now.`
        : `the plan's extension history shows ${shown} extensions, fewer than the ${previewed} the preview saw. Run pulumi preview again.`;
}
