import * as assert from "assert";
import {
    contentHash, iamRoleName, isSagemakerName, IAM_ROLE_NAME_MAX, sagemakerName, SAGEMAKER_NAME_MAX, SAGEMAKER_NAME_PATTERN, stableStringify,
} from "../../core/names";

describe("names", () => {
    it("keeps a valid short name as it is", () => {
        assert.strictEqual(sagemakerName("llama3-8b"), "llama3-8b");
        assert.strictEqual(sagemakerName("llama3-8b", "a1b2c3d4"), "llama3-8b-a1b2c3d4");
    });

    it("replaces characters SageMaker refuses and trims hyphens at both ends", () => {
        assert.strictEqual(sagemakerName("_Llama 3.1/8B_"), "Llama-3-1-8B");
        assert.strictEqual(sagemakerName("--a--b--"), "a-b");
    });

    it("shortens a 100-character name deterministically to a valid one", () => {
        const long = "candidate-" + "x".repeat(90);
        const name = sagemakerName(long);
        assert.strictEqual(name.length, SAGEMAKER_NAME_MAX);
        assert.match(name, SAGEMAKER_NAME_PATTERN);
        assert.strictEqual(sagemakerName(long), name);
        assert.ok(name.startsWith("candidate-xxxx"));
    });

    it("keeps long names that share a beginning apart", () => {
        const a = sagemakerName("a".repeat(80) + "-one");
        const b = sagemakerName("a".repeat(80) + "-two");
        assert.notStrictEqual(a, b);
        assert.match(a, SAGEMAKER_NAME_PATTERN);
        assert.match(b, SAGEMAKER_NAME_PATTERN);
    });

    it("keeps the suffix whole when the base is cut", () => {
        const name = sagemakerName("m".repeat(100), "deadbeef");
        assert.strictEqual(name.length, SAGEMAKER_NAME_MAX);
        assert.ok(name.endsWith("-deadbeef"));
        assert.match(name, SAGEMAKER_NAME_PATTERN);
    });

    it("never leaves a hyphen before the digest when the cut falls on one", () => {
        for (let i = 40; i < 70; i++) {
            const name = sagemakerName("a".repeat(i) + "-".repeat(10) + "b".repeat(40));
            assert.match(name, SAGEMAKER_NAME_PATTERN, name);
            assert.ok(name.length <= SAGEMAKER_NAME_MAX);
        }
    });

    it("digests the name as given, so names that differ only in replaced characters stay apart", () => {
        assert.notStrictEqual(sagemakerName("a".repeat(70) + ".b"), sagemakerName("a".repeat(70) + "_b"));
    });

    it("drops a suffix with nothing valid in it, and refuses one that leaves no room", () => {
        assert.strictEqual(sagemakerName("abc", "__"), "abc");
        assert.throws(() => sagemakerName("x".repeat(10), "y".repeat(70)), /name suffix "y+" leaves no room for a name within 63 characters/);
    });

    it("knows the pattern alone does not bound the length", () => {
        const long = "a" + "-".repeat(100) + "b";
        assert.match(long, SAGEMAKER_NAME_PATTERN);
        assert.strictEqual(isSagemakerName(long), false);
        assert.strictEqual(isSagemakerName("a-b"), true);
    });

    it("refuses a name with no letters or digits", () => {
        assert.throws(() => sagemakerName("___"), /name "___" has no letters or digits/);
    });

    it("fits IAM role names in 64 characters", () => {
        const name = iamRoleName("s".repeat(100), "sagemaker");
        assert.strictEqual(name.length, IAM_ROLE_NAME_MAX);
        assert.ok(name.endsWith("-sagemaker"));
    });

    it("hashes equal content alike whatever the key order, and different content differently", () => {
        assert.strictEqual(stableStringify({ b: 1, a: [1, { d: 2, c: 3 }] }), '{"a":[1,{"c":3,"d":2}],"b":1}');
        assert.strictEqual(contentHash({ a: 1, b: 2 }), contentHash({ b: 2, a: 1 }));
        assert.strictEqual(contentHash({ a: 1, b: undefined }), contentHash({ a: 1 }));
        assert.notStrictEqual(contentHash({ a: 1 }), contentHash({ a: 2 }));
        assert.match(contentHash("x"), /^[0-9a-f]{8}$/);
    });
});
