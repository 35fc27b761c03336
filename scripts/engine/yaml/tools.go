//go:build tools

// Package tools pins pulumi-language-yaml, the YAML language host the engine suite runs YAML programs with.
package tools

import _ "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml"
