/** The training plan the provider tests buy, and its waits (on the tests' virtual clock, so only the request timeout is real). */
export const FAST = {
    pollInitialSeconds: 2.5, pollMaxSeconds: 10, retryBaseSeconds: 1, waitTimeoutSeconds: 500, maxRetries: 8,
    requestTimeoutSeconds: 30, lostAnswerLookupSeconds: 50,
};
export const NAME = "p5-llm-eval";
export const ARN = `arn:aws:sagemaker:us-east-1:123456789012:training-plan/${NAME}`;
