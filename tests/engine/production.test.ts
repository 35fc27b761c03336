/** The production stack, on demand and on a training plan, through the real engine against the stand-in account (see support/scenario.ts). */
import * as assert from "assert";
import { loadStackConfig, TYPES } from "../support/harness";
import { LiveResource } from "./standin/account";
import { EngineStack } from "./support/engine";
import { change, clone, deployFresh, destroyAll, Entry, NEW_IMAGE, NS, ownAccount, PLAN_ARN, liveOf, refreshClean, reservePlan, scenario } from "./support/scenario";

const DASHBOARD = "aws:cloudwatch/dashboard:Dashboard";
const NEW_KEY = "arn:aws:kms:us-east-1:123456789012:key/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";

describe("the production stack through the real engine", () => {
    ownAccount();
    let s: EngineStack;
    const config = loadStackConfig("production");
    const realtime = () => clone(config[`${NS}:realtime`] as Entry);
    const KEY = config[`${NS}:kmsKeyArn`];

    it("deploys, then changes nothing on a second preview and up", async () => {
        s = await scenario.session.stack("production", "production", config);
        await deployFresh(s, "production");
        // What the committed settings turn on, as the account holds it: both models in the VPC,
        // both configs' volumes under the stack's key, each endpoint alarmed and charted.
        const network = config[`${NS}:network`] as Entry;
        const vpc = { securityGroupIds: network.securityGroupIds, subnets: network.subnets };
        // isolated: false is the API's default, left out so that the models' names stay as they were.
        assert.deepStrictEqual(liveOf(TYPES.model, (r) => [r.inputs.vpcConfig, r.inputs.enableNetworkIsolation]), [["async-model", [vpc, undefined]], ["realtime-model", [vpc, undefined]]]);
        assert.deepStrictEqual(liveOf(TYPES.endpointConfig, (r) => r.inputs.kmsKeyId), [["async-config", KEY], ["realtime-config", KEY]]);
        // The topics each alarm notifies; the backlog alarm wakes the asynchronous endpoint through its scaling policy instead.
        const topics = (r: LiveResource) => (r.inputs.alarmActions as string[]).filter((a) => a.startsWith("arn:aws:sns:")).map((a) => a.split(":").pop());
        const [rt, as] = [["sagemaker-inference-production-realtime-alarms"], ["sagemaker-inference-production-async-alarms"]];
        assert.deepStrictEqual(liveOf(TYPES.alarm, topics), [
            // No latency alarm on the asynchronous endpoint without a threshold: its requests may each run an hour.
            ["async-backlog-alarm", []], ["async-oldest-request-age-alarm", as], ["async-server-errors-alarm", as],
            ["realtime-model-latency-alarm", rt], ["realtime-server-errors-alarm", rt],
        ]);
        // Every topic under the team's key: the async results' through kmsKeyArn, the alarms' through monitoring.alarms.topicKmsKeyArn.
        assert.deepStrictEqual(liveOf(TYPES.topic, (r) => r.inputs.kmsMasterKeyId), [
            ["async-alarm-topic", KEY], ["async-error-topic", KEY], ["async-success-topic", KEY], ["realtime-alarm-topic", KEY],
        ]);
        assert.deepStrictEqual(liveOf(DASHBOARD, (r) => r.inputs.dashboardName), [
            ["async-dashboard", "sagemaker-inference-production-async-dashboard"], ["realtime-dashboard", "sagemaker-inference-production-realtime-dashboard"],
        ]);
    });

    it("raises the instance floor in the scalable target only", async () => {
        const did = await change(s, "min-instances", { [`${NS}:realtime`]: { ...realtime(), minInstances: 3 } });
        assert.deepStrictEqual(did, ["update Target realtime-scaling-target"]);
    });

    it("rolls a new image out by a new model and config, updating the endpoint in place", async () => {
        const next = { ...realtime(), minInstances: 3, model: { ...(realtime().model as Entry), image: NEW_IMAGE } };
        const did = await change(s, "image", { [`${NS}:realtime`]: next });
        assert.ok(did.includes("replace Model realtime-model"), did.join("\n"));
        assert.ok(did.includes("replace EndpointConfig realtime-config"), did.join("\n"));
        assert.ok(did.includes("update Endpoint realtime-endpoint"), did.join("\n"));
    });

    it("takes a new deployment setting without replacing anything", async () => {
        const next = { ...(s.config(`${NS}:realtime`) as Entry), deployment: { maximumBatchSize: 1, waitIntervalSeconds: 120 } };
        const did = await change(s, "deployment", { [`${NS}:realtime`]: next });
        assert.ok(did.some((d) => d.startsWith("update Endpoint realtime-endpoint")), did.join("\n"));
    });

    it("takes a new key by new endpoint configs, updating both endpoints in place, the models untouched", async () => {
        const did = await change(s, "kms-key", { [`${NS}:kmsKeyArn`]: NEW_KEY });
        // The asynchronous results (bucket, topics, the role's grant on the key) follow the stack's key too.
        assert.deepStrictEqual(did, [
            "create-replacement EndpointConfig async-config", "create-replacement EndpointConfig realtime-config",
            "delete-replaced EndpointConfig async-config", "delete-replaced EndpointConfig realtime-config",
            "replace EndpointConfig async-config", "replace EndpointConfig realtime-config",
            "update BucketServerSideEncryptionConfiguration async-results-encryption",
            "update Endpoint async-endpoint", "update Endpoint realtime-endpoint",
            "update EndpointUpdateGuard async-update-guard", "update EndpointUpdateGuard realtime-update-guard",
            "update RolePolicy async-results-policy", "update Topic async-error-topic", "update Topic async-success-topic",
        ]);
        assert.deepStrictEqual(liveOf(TYPES.endpointConfig, (r) => r.inputs.kmsKeyId), [["async-config", NEW_KEY], ["realtime-config", NEW_KEY]]);
    });

    it("raises the asynchronous endpoint's ceiling in its scalable target", async () => {
        const next = { ...(config[`${NS}:async`] as Entry), maxInstances: 6 };
        const did = await change(s, "async-max", { [`${NS}:async`]: next });
        assert.ok(did.includes("update Target async-scaling-target"), did.join("\n"));
        assert.ok(!did.some((d) => d.includes("Endpoint ")), did.join("\n"));
    });

    it("refreshes with no changes and destroys everything", async () => {
        await refreshClean(s, "production");
        await destroyAll(s, "production");
    });
});

describe("the production stack on a training plan through the real engine", () => {
    ownAccount();
    it("deploys on the plan, raises the floor in the scalable target only, settles, and destroys everything", async () => {
        reservePlan(24 * 7, 4);
        const config = loadStackConfig("production");
        const s = await scenario.session.stack("production-reserved", "production", {
            ...config,
            [`${NS}:reservationArn`]: PLAN_ARN,
            [`${NS}:realtime`]: { ...(config[`${NS}:realtime`] as Entry), instanceType: "ml.p5.48xlarge", minInstances: 2, maxInstances: 4 },
        });
        await deployFresh(s, "production on a plan");
        const endpoint = scenario.account.sagemaker.endpoints.get("sagemaker-inference-production-realtime");
        assert.strictEqual(endpoint?.reservationArn, PLAN_ARN);
        const realtime = s.config(`${NS}:realtime`) as Entry;
        // From two instances up the rolling batch is one instance whatever the floor: raising it changes the target alone.
        assert.deepStrictEqual(await change(s, "min-instances", { [`${NS}:realtime`]: { ...realtime, minInstances: 3 } }), ["update Target realtime-scaling-target"]);
        await refreshClean(s, "production on a plan");
        await destroyAll(s, "production on a plan");
    });
});
