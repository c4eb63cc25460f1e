// Command go-automation deploys recorders from Go: an inline program on the generated Go SDK
// (sdk/go), run through Pulumi's Go Automation API, on the pulumi-resource-jod plugin.
//
//	JOD_API_KEY=... JOD_ENDPOINT=... go run . -backend file:///tmp/jod-state -plugin-dir ../../provider/bin
//
// It prints the stack's outputs as JSON on stdout; -destroy empties the stack afterwards.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"github.com/pulumi-jod/pulumi-jod/sdk/go/jod"
	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optdestroy"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	backend := flag.String("backend", "", "the state backend URL, e.g. file:///tmp/jod-state")
	pluginDir := flag.String("plugin-dir", "", "the folder of pulumi-resource-jod (default: the installed plugin)")
	domain := flag.String("domain", "meet.example.com", "the Jitsi domain configured in JOD")
	recorders := flag.Int("recorders", 2, "how many recorders")
	destroy := flag.Bool("destroy", false, "destroy the stack after the update")
	flag.Parse()
	if err := run(context.Background(), *backend, *pluginDir, *domain, *recorders, *destroy); err != nil {
		fmt.Fprintln(os.Stderr, "go-automation:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, backend, pluginDir, domain string, recorders int, destroy bool) error {
	program := func(ctx *pulumi.Context) error {
		deployment, err := jod.NewRecorderDeployment(ctx, "lon", &jod.RecorderDeploymentArgs{
			Domain:    pulumi.String(domain),
			Recorders: pulumi.Int(recorders),
			Duration:  pulumi.Int(3),
			Location:  pulumi.String("lon"),
		})
		if err != nil {
			return err
		}
		ctx.Export("deploymentId", deployment.DeploymentId)
		ctx.Export("status", deployment.Status)
		ctx.Export("recorderIps", deployment.RecorderIps)
		return nil
	}
	project := workspace.Project{
		Name:    "jod-go",
		Runtime: workspace.NewProjectRuntimeInfo("go", nil),
	}
	if backend != "" {
		project.Backend = &workspace.ProjectBackend{URL: backend}
	}
	if pluginDir != "" {
		project.Plugins = &workspace.Plugins{
			Providers: []workspace.PluginOptions{{Name: "jod", Path: pluginDir}},
		}
	}
	stack, err := auto.UpsertStackInlineSource(ctx, "dev", project.Name.String(), program,
		auto.Project(project))
	if err != nil {
		return err
	}
	// The plugin reads jod:* config, or JOD_* variables (inherited by the engine) without it.
	if key := os.Getenv("JOD_API_KEY"); key != "" {
		if err := stack.SetConfig(ctx, "jod:apiKey", auto.ConfigValue{Value: key, Secret: true}); err != nil {
			return err
		}
	}
	result, err := stack.Up(ctx, optup.ProgressStreams(os.Stderr))
	if err != nil {
		return err
	}
	outputs := map[string]any{}
	for name, output := range result.Outputs {
		outputs[name] = output.Value
	}
	if err := json.NewEncoder(os.Stdout).Encode(outputs); err != nil {
		return err
	}
	if destroy {
		_, err = stack.Destroy(ctx, optdestroy.ProgressStreams(os.Stderr))
	}
	return err
}
