/**
 * The package as a Pulumi plugin (PulumiPlugin.yaml): `pulumi package add` runs this file to serve
 * the components to Python, Go, .NET, Java and YAML programs. Their schema is read from the
 * components' `...Args` interfaces and doc comments.
 */
import { componentProviderHost } from "@pulumi/pulumi/provider/experimental";
import { PACKAGE_NAME, PROVIDED_COMPONENTS } from "./provided-components";

componentProviderHost({ dirname: __dirname, name: PACKAGE_NAME, components: PROVIDED_COMPONENTS }).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
});
