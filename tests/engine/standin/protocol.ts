/**
 * What the stand-in provider plugins (provider.ts, in the engine's processes) and the stand-in
 * account (account.ts, in the test process) say to each other: one JSON request per provider
 * operation, POSTed to the account's URL. All state and every rule live in the account; a plugin
 * only translates gRPC to these requests.
 */
import * as http from "http";

/** Where the plugins find the account: set by `StandinAccount.env()`. */
export const ACCOUNT_URL_VARIABLE = "SAGEMAKER_INFERENCE_STANDIN_ACCOUNT";

/** The value the engine sends for a property not known yet (at preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export type ProviderName = "aws" | "aws-native";

export type Props = Record<string, unknown>;

interface Addressed {
    provider: ProviderName;
    /** The provider's configured region (aws:region / aws-native:region, or AWS_REGION). */
    region: string;
    urn: string;
}

export type AccountRequest =
    | (Addressed & { op: "check"; olds: Props; news: Props })
    | (Addressed & { op: "diff"; id: string; olds: Props; news: Props; oldInputs: Props })
    | (Addressed & { op: "create"; inputs: Props })
    | (Addressed & { op: "read"; id: string; inputs: Props; outputs: Props })
    | (Addressed & { op: "update"; id: string; olds: Props; news: Props; oldInputs: Props })
    | (Addressed & { op: "delete"; id: string; outputs: Props });

export interface CheckResult {
    inputs: Props;
    failures: { property: string; reason: string }[];
}

export type DiffKind = "add" | "delete" | "update";

export interface DiffResult {
    changes: boolean;
    /** Top-level properties whose change replaces the resource. */
    replaces: string[];
    /** Changed property paths (`a.b[0].c`) and how; `replace` when that change replaces. */
    detailedDiff: Record<string, { kind: DiffKind; replace: boolean }>;
}

export interface CreateResult {
    id: string;
    outputs: Props;
}

/** A resource that is gone reads as the empty id. */
export interface ReadResult {
    id: string;
    outputs: Props;
    inputs: Props;
}

export interface UpdateResult {
    outputs: Props;
}

/** What the account answers: a result, or the error the operation fails with. */
export type AccountAnswer = { result: unknown } | { error: string };

/** Sends one request to the account; rejects with the account's error message. */
export function callAccount<T>(url: string, request: AccountRequest): Promise<T> {
    const body = JSON.stringify(request);
    return new Promise((resolve, reject) => {
        const req = http.request(url, { method: "POST", headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } }, (res) => {
            let raw = "";
            res.setEncoding("utf8");
            res.on("data", (chunk) => { raw += chunk; });
            res.on("end", () => {
                try {
                    const answer = JSON.parse(raw) as AccountAnswer;
                    if ("error" in answer) {
                        reject(new Error(answer.error));
                    } else {
                        resolve(answer.result as T);
                    }
                } catch (err) {
                    reject(new Error(`the stand-in account answered ${res.statusCode} with an unreadable body: ${raw.slice(0, 200)}`));
                }
            });
        });
        req.on("error", reject);
        req.end(body);
    });
}

/** Whether a value is, or holds, an unknown. */
export function holdsUnknown(value: unknown): boolean {
    if (value === UNKNOWN) {
        return true;
    }
    if (Array.isArray(value)) {
        return value.some(holdsUnknown);
    }
    return typeof value === "object" && value !== null && Object.values(value).some(holdsUnknown);
}

export type Change = { path: string; kind: DiffKind };

/** Every changed property path from `old` to `next`, as Pulumi writes paths (`a.b[0].c`). */
export function changedPaths(old: unknown, next: unknown, path = ""): Change[] {
    const isObject = (v: unknown): v is Props => typeof v === "object" && v !== null && !Array.isArray(v);
    if (isObject(old) && isObject(next)) {
        const keys = [...new Set([...Object.keys(old), ...Object.keys(next)])].sort();
        return keys.flatMap((key) => {
            const at = path ? `${path}.${key}` : key;
            if (old[key] === undefined && next[key] !== undefined) {
                return [{ path: at, kind: "add" as const }];
            }
            if (old[key] !== undefined && next[key] === undefined) {
                return [{ path: at, kind: "delete" as const }];
            }
            return changedPaths(old[key], next[key], at);
        });
    }
    if (Array.isArray(old) && Array.isArray(next) && old.length === next.length) {
        return old.flatMap((item, i) => changedPaths(item, next[i], `${path}[${i}]`));
    }
    return JSON.stringify(old) === JSON.stringify(next) ? [] : [{ path, kind: "update" }];
}

/** The top-level property of a path: `a` of `a.b[0]`, `a` of `a[1]`. */
export const topLevel = (path: string): string => path.split(/[.[]/)[0];
