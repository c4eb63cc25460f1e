// The demo (`npm run demo`, `npm run demo:destroy`): starts the JOD emulator with a demo
// account, runs the root Pulumi program on a local file backend, prints the outputs, and stops
// the emulator. The program runs inline through the Automation API, so the demo also works
// with a Pulumi CLI that has no Node.js language host (the offline toolchain).
import { mkdirSync } from "node:fs";
import path from "node:path";
import { LocalWorkspace, OutputMap } from "@pulumi/pulumi/automation";
import { startEmulator } from "pulumi-jod-emulator";

const ROOT = path.resolve(__dirname, "../..");
const DEMO_API_KEY = "JOD-demo0000-0000-4000-8000-000000000000";
const DEMO_DOMAIN = "meet.example.com";
const DEMO_BALANCE = 50;

async function main(action: string): Promise<void> {
  if (action !== "up" && action !== "destroy") {
    throw new Error(`unknown demo action "${action}": use "up" or "destroy"`);
  }
  const emulator = await startEmulator({
    accounts: [{ apiKey: DEMO_API_KEY, balance: DEMO_BALANCE, domains: [DEMO_DOMAIN] }],
    pricePerRecorderHour: 0.5,
    callbackDelayMs: 2000,
  });
  console.log(
    `JOD emulator on ${emulator.url}: demo account with balance ${DEMO_BALANCE}, domain ${DEMO_DOMAIN}\n`,
  );
  try {
    const stateDir = path.join(ROOT, ".pulumi-state");
    mkdirSync(stateDir, { recursive: true });
    const stack = await LocalWorkspace.createOrSelectStack(
      {
        stackName: "demo",
        projectName: "jod-recorders",
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- the compiled root program
        program: async () => require(path.join(ROOT, "dist", "index.js")),
      },
      {
        workDir: ROOT,
        envVars: {
          PULUMI_BACKEND_URL: `file://${stateDir}`,
          PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? "demo",
          JOD_ENDPOINT: emulator.url,
          JOD_API_KEY: DEMO_API_KEY,
        },
      },
    );
    const onOutput = (text: string) => process.stdout.write(text);
    if (action === "destroy") {
      await stack.destroy({ onOutput });
      console.log(
        "\nThe demo stack is empty. JOD has no teardown endpoint: real recorders would run until they expire.",
      );
      return;
    }
    const result = await stack.up({ onOutput });
    printSummary(result.outputs);
  } finally {
    await emulator.close();
  }
}

function printSummary(outputs: OutputMap): void {
  const ips = (outputs.recorderIps?.value ?? {}) as Record<string, string[]>;
  const expiry = (outputs.expiresAt?.value ?? {}) as Record<string, string>;
  console.log("\nRecorders deployed through JOD (emulator):");
  for (const [location, addresses] of Object.entries(ips)) {
    console.log(
      `  ${location}  ${addresses.length} recorder(s)  ${addresses.join(", ")}  until ${expiry[location]}`,
    );
  }
  console.log(
    `  total: ${outputs.totalRecorders?.value} recorder(s); balance after deploying: ${outputs.balance?.value ?? "not reported"}`,
  );
  console.log(
    "\nRun `npm run demo` again: nothing is redeployed. `npm run demo:destroy` empties the stack.",
  );
}

main(process.argv[2] ?? "up").catch((error: unknown) => {
  console.error(`\nThe demo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
