/** The training plan the provider tests buy, and its waits (on the tests' virtual clock, so only the request timeout is real). */
export const FAST = {
    pollInitialSeconds: 0.005, pollMaxSeconds: 0.02, retryBaseSeconds: 0.002, waitTimeoutSeconds: 1, maxRetries: 8,
    requestTimeoutSeconds: 30, lostAnswerLookupSeconds: 0.1,
};
export const NAME = "p5-llm-eval";
export const ARN = `arn:aws:sagemaker:us-east-1:123456789012:training-plan/${NAME}`;
