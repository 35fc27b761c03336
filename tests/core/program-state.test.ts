import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { nativeProviderForStack } from "../../core/program-state";

describe("the aws-native provider the components use", () => {
    it("outside a TypeScript stack (constructed for another language's program) is one per region, named apart from the program's own", async () => {
        pulumi.runtime.setAllConfig({ "aws:region": "eu-west-1" });
        await pulumi.runtime.setMocks({ newResource: (a) => ({ id: `${a.name}-id`, state: a.inputs }), call: (a) => a.inputs }, "consumer", "dev", false);
        assert.strictEqual(pulumi.runtime.getStackResource(), undefined);
        const provider = nativeProviderForStack();
        assert.ok(provider !== undefined, "a provider in aws:region, not aws-native's default");
        assert.strictEqual(nativeProviderForStack(), provider, "made once");
        const urn = await new Promise<string>((resolve) => provider.urn.apply(resolve));
        assert.match(urn, /::pulumi:providers:aws-native::sagemaker-inference-aws-native-eu-west-1$/);
    });
});
