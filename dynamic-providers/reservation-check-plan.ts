/**
 * A ReservationCheck's inputs, checked at preview as plain values: the ARN, the instance type and
 * count the endpoints run, and the waits. Values not known yet are judged when they are.
 */
import { parseTrainingPlanArn } from "./training-plan-plan";
import { reservableInstanceType, wholeNumber } from "../core/validate";
import { CheckFailure, holdsUnknown, timingFailure } from "./sagemaker-ops";

/** Every input the check refuses, each naming its field, the value and the rule. */
export function checkReservationInputs(news: Record<string, unknown>): CheckFailure[] {
    const failures: CheckFailure[] = [];
    const judge = (property: string, check: (value: unknown) => void) => {
        if (!holdsUnknown(news[property])) {
            try {
                check(news[property]);
            } catch (err) {
                failures.push({ property, reason: (err as Error).message });
            }
        }
    };
    judge("reservationArn", (v) => {
        if (typeof v !== "string") {
            throw new Error(`reservationArn is required: the training plan's ARN, arn:<partition>:sagemaker:<region>:<account>:training-plan/<name>`);
        }
        parseTrainingPlanArn(v);
    });
    judge("instanceType", (v) => reservableInstanceType("instanceType", v));
    judge("instanceCount", (v) => wholeNumber("instanceCount", v, 1));
    judge("allowEnded", (v) => {
        if (v !== undefined && typeof v !== "boolean") {
            throw new Error(`allowEnded: ${JSON.stringify(v)} must be true or false`);
        }
    });
    judge("timing", (v) => {
        const why = timingFailure(v);
        if (why !== undefined) {
            throw new Error(`timing ${why}`);
        }
    });
    return failures;
}
