#!/usr/bin/env bash
# Regenerates the Go and Python SDKs under sdk/ from provider/schema.json at the provider's
# version (`npm run gen:sdk`), with scripts/sdkgen over Pulumi's codegen. Needs Go >= 1.26 and
# the Go module proxy (or a module cache holding github.com/pulumi/pulumi/pkg/v3@v3.274.1).
set -euo pipefail
cd "$(dirname "$0")/.."
version="$(node -p 'require("./provider/package.json").version')"
# One core: the machine is shared, and the generator is built once per change of its sources.
(cd scripts/sdkgen && GOMAXPROCS=1 go run -p 1 . ../../provider/schema.json "$version" ../../sdk)
(cd sdk/go && go mod tidy)
echo "sdk/go and sdk/python regenerated for pulumi-jod $version"
