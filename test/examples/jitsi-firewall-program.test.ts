import * as pulumi from "@pulumi/pulumi";
import { RecorderDeployment } from "pulumi-jod";
import { exampleProject } from "./example-project";

// The example needs Hetzner credentials to deploy; under Pulumi's mocks its program runs
// without any, which shows the recorder IPs reach the firewall on the Jitsi host.
const example = exampleProject("jitsi-firewall");
const JITSI_SERVER = { id: 4711, name: "meet-1", ipv4Address: "203.0.113.10" };
const FIREWALL_TYPE = "hcloud:index/firewall:Firewall";
const GET_SERVER = "hcloud:index/getServer:getServer";

/** Each deployment's recorders get documentation IPs: 198.51.100.<location index><n>. */
function fakeRecorderIps(location: string, count: number): string[] {
  const prefix = ["fra", "nyc"].indexOf(location) + 1;
  return Array.from({ length: count }, (_, n) => `198.51.100.${prefix}${n}`);
}

function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

describe("examples/jitsi-firewall's program under Pulumi mocks", () => {
  const resources: pulumi.runtime.MockResourceArgs[] = [];
  const calls: pulumi.runtime.MockCallArgs[] = [];

  beforeAll(async () => {
    pulumi.runtime.setAllConfig({
      [`${example.projectName}:jitsiServer`]: JITSI_SERVER.name,
      [`${example.projectName}:domain`]: "meet.example.com",
      [`${example.projectName}:duration`]: "4",
      [`${example.projectName}:recorders`]: JSON.stringify({ fra: 2, nyc: 1 }),
    });
    await pulumi.runtime.setMocks(
      {
        newResource(args) {
          resources.push(args);
          if (args.type !== RecorderDeployment.TYPE) return { id: `${args.name}-id`, state: {} };
          const recorderIps = fakeRecorderIps(args.inputs.location, args.inputs.recorders);
          const state = { ...args.inputs, recorderIps, expiresAt: "2030-01-01T04:00:00.000Z" };
          return { id: `jod-${args.name}`, state };
        },
        call(args) {
          calls.push(args);
          if (args.token !== GET_SERVER) throw new Error(`unexpected invoke ${args.token}`);
          return JITSI_SERVER;
        },
      },
      example.projectName,
      "test",
    );
  });

  it("opens XMPP on the named Jitsi server to exactly the fleet's recorder IPs", async () => {
    const outputs = await example.program();
    await valueOf(outputs?.xmppFirewallId as pulumi.Output<string>);

    expect(calls.map((call) => [call.token, call.inputs.name])).toEqual([
      [GET_SERVER, JITSI_SERVER.name],
    ]);
    const firewalls = resources.filter((resource) => resource.type === FIREWALL_TYPE);
    expect(firewalls).toHaveLength(1);
    expect(firewalls[0].inputs.applyTos).toEqual([{ server: JITSI_SERVER.id }]);
    expect(firewalls[0].inputs.rules).toEqual([
      expect.objectContaining({
        direction: "in",
        protocol: "tcp",
        port: "5222",
        sourceIps: ["198.51.100.10/32", "198.51.100.11/32", "198.51.100.20/32"],
      }),
    ]);
  });
});
