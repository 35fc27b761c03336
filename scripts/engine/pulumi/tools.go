//go:build tools

// Package tools pins the Pulumi CLI that the engine suite builds: the module's pkg/v3 version is the
// `@pulumi/pulumi` version in package-lock.json (scripts/engine-setup.ts checks that they agree).
package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
