/** The training plan the provider tests buy, and waits short enough for tests. */
export const FAST = {
    pollInitialSeconds: 0.005, pollMaxSeconds: 0.02, retryBaseSeconds: 0.002, waitTimeoutSeconds: 1, maxRetries: 8,
    requestTimeoutSeconds: 2, lostAnswerLookupSeconds: 0.1,
};
export const NAME = "p5-llm-eval";
export const ARN = `arn:aws:sagemaker:us-east-1:123456789012:training-plan/${NAME}`;
