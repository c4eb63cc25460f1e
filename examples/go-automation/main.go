// Command go-automation deploys recorders from Go: an inline program on the generated Go SDK
// (sdk/go), run through Pulumi's Go Automation API, on the pulumi-resource-jod plugin, which the
// engine downloads from the SDK's pluginDownloadURL unless -plugin-dir names a local copy.
//
//	JOD_API_KEY=... JOD_ENDPOINT=... go run . -backend file:///tmp/jod-state
//	JOD_API_KEY=... JOD_ENDPOINT=... go run . -backend file:///tmp/jod-state -fleet lon=2,ams=1
//
// It prints the stack's outputs as JSON on stdout; -destroy empties the stack afterwards.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"

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
	fleet := flag.String("fleet", "", "a RecorderFleet instead: counts per location, e.g. lon=2,ams=1")
	destroy := flag.Bool("destroy", false, "destroy the stack after the update")
	flag.Parse()
	program := deploymentProgram(*domain, *recorders)
	if *fleet != "" {
		counts, err := parseCounts(*fleet)
		if err != nil {
			fmt.Fprintln(os.Stderr, "go-automation: -fleet:", err)
			os.Exit(2)
		}
		program = fleetProgram(*domain, counts)
	}
	if err := run(context.Background(), *backend, *pluginDir, program, *destroy); err != nil {
		fmt.Fprintln(os.Stderr, "go-automation:", err)
		os.Exit(1)
	}
}

// parseCounts reads `lon=2,ams=1` into counts per location.
func parseCounts(text string) (map[string]int, error) {
	counts := map[string]int{}
	for _, pair := range strings.Split(text, ",") {
		location, count, found := strings.Cut(pair, "=")
		n, err := strconv.Atoi(count)
		if !found || err != nil {
			return nil, fmt.Errorf("%q is not <location>=<count>", pair)
		}
		counts[location] = n
	}
	return counts, nil
}

// fleetProgram declares one RecorderFleet: a deployment per location with a count above zero.
func fleetProgram(domain string, counts map[string]int) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		recorders := map[string]pulumi.IntInput{}
		for location, count := range counts {
			recorders[location] = pulumi.Int(count)
		}
		fleet, err := jod.NewRecorderFleet(ctx, "fleet", &jod.RecorderFleetArgs{
			Domain:    pulumi.String(domain),
			Duration:  pulumi.Int(3),
			Recorders: recorders,
		})
		if err != nil {
			return err
		}
		ctx.Export("ipsByLocation", fleet.IpsByLocation)
		ctx.Export("allIps", fleet.AllIps)
		ctx.Export("totalRecorderHours", fleet.TotalRecorderHours)
		return nil
	}
}

// deploymentProgram declares one RecorderDeployment in lon.
func deploymentProgram(domain string, recorders int) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		deployment, err := jod.NewRecorderDeployment(ctx, "lon", &jod.RecorderDeploymentArgs{
			Domain:    pulumi.String(domain),
			Recorders: pulumi.Int(recorders),
			Duration:  pulumi.Int(3),
			Location:  pulumi.String("lon"),
			// The old deployment is released before its replacement is created: that is what
			// lets `pulumi up --replace` buy exactly once.
		}, pulumi.DeleteBeforeReplace(true))
		if err != nil {
			return err
		}
		ctx.Export("deploymentId", deployment.DeploymentId)
		ctx.Export("status", deployment.Status)
		ctx.Export("recorderIps", deployment.RecorderIps)
		return nil
	}
}

func run(ctx context.Context, backend, pluginDir string, program pulumi.RunFunc, destroy bool) error {
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
