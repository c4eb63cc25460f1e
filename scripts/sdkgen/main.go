// Command sdkgen writes the Go and Python SDKs of the jod package from provider/schema.json,
// with the Pulumi code generators (github.com/pulumi/pulumi/pkg/v3/codegen) the CLI is built
// from. Usage (from the repository root): go run ./scripts/sdkgen provider/schema.json <version> sdk
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/blang/semver"

	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	pygen "github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

const tool = "pulumi-jod sdkgen"

func main() {
	if len(os.Args) != 4 {
		fmt.Fprintln(os.Stderr, "usage: sdkgen <schema.json> <version> <out dir>")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2], os.Args[3]); err != nil {
		fmt.Fprintln(os.Stderr, "sdkgen:", err)
		os.Exit(1)
	}
}

func run(schemaPath, version, out string) error {
	text, err := os.ReadFile(schemaPath)
	if err != nil {
		return err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(text, &spec); err != nil {
		return fmt.Errorf("%s: %w", schemaPath, err)
	}
	// The version the SDKs pin the plugin to: the provider package's.
	spec.Version = version
	pkg, diags, err := schema.BindSpec(spec, noDependencies{}, schema.ValidationOptions{})
	if err != nil {
		return err
	}
	if diags.HasErrors() {
		return diags
	}
	goFiles, err := gogen.GeneratePackage(tool, pkg, nil)
	if err != nil {
		return fmt.Errorf("go: %w", err)
	}
	pyFiles, err := pygen.GeneratePackage(tool, pkg, nil, noDependencies{})
	if err != nil {
		return fmt.Errorf("python: %w", err)
	}
	// The Go SDK is a module of its own, on the Pulumi SDK the CLI here is built from.
	goFiles["go.mod"] = []byte("module github.com/pulumi-jod/pulumi-jod/sdk/go\n\ngo 1.26\n\n" +
		"require github.com/pulumi/pulumi/sdk/v3 v3.274.1\n")
	for dir, files := range map[string]map[string][]byte{"go": goFiles, "python": pyFiles} {
		// Regenerated from scratch, so a file the generator stops writing goes.
		root := filepath.Join(out, dir)
		if err := os.RemoveAll(root); err != nil {
			return err
		}
		for name, content := range files {
			file := filepath.Join(root, name)
			if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
				return err
			}
			if err := os.WriteFile(file, content, 0o644); err != nil {
				return err
			}
		}
	}
	return nil
}

// noDependencies is the loader of a schema that refers to no other package (types of other
// providers, or the pulumi package): asking it for one is an error.
type noDependencies struct{}

func (noDependencies) fail(name string) error {
	return fmt.Errorf("the jod schema refers to no other package, yet %s was asked for", name)
}

func (l noDependencies) LoadPackage(name string, _ *semver.Version) (*schema.Package, error) {
	return nil, l.fail(name)
}

func (l noDependencies) LoadPackageV2(
	_ context.Context, descriptor *schema.PackageDescriptor,
) (*schema.Package, error) {
	return nil, l.fail(descriptor.Name)
}

func (l noDependencies) LoadPackageReference(
	name string, _ *semver.Version,
) (schema.PackageReference, error) {
	return nil, l.fail(name)
}

func (l noDependencies) LoadPackageReferenceV2(
	_ context.Context, descriptor *schema.PackageDescriptor,
) (schema.PackageReference, error) {
	return nil, l.fail(descriptor.Name)
}
