import { parseCallbackBody } from "../../../provider/src/parse-jod";
import { successCallback } from "../../helpers/unit-callback-bodies";

const recorder = { recorder_id: "rec-1", recorder_ip: "192.0.2.1" };
const DEPLOYMENT_ID_PROBLEM =
  "deployment_info.deployment_id is missing or not 1 to 128 printable ASCII characters";
const IP_PROBLEM =
  "every recorder needs a recorder_id (1 to 128 printable ASCII characters) and an IP address " +
  "in recorder_ip";

describe("parseCallbackBody refuses what is not a JOD callback", () => {
  it.each([
    ["null", null, "body is not a JSON object"],
    ["a string", "worked", "body is not a JSON object"],
    ["a number", 200, "body is not a JSON object"],
    ["an array", [{ it: "worked" }], "body is not a JSON object"],
    ["an object without it", { message: "x" }, 'field "it" must be "worked" or "failed"'],
    ["an unknown it", { it: "done" }, 'field "it" must be "worked" or "failed"'],
    ["it in another case, then no deployment_info", { it: "Worked" }, "deployment_info is missing"],
    ["no deployment_info", { it: "worked" }, "deployment_info is missing"],
    [
      "a list as deployment_info",
      { it: "worked", deployment_info: [] },
      "deployment_info is missing",
    ],
    [
      "no deployment id",
      { it: "worked", deployment_info: { recorders: [recorder] } },
      DEPLOYMENT_ID_PROBLEM,
    ],
    [
      "a blank deployment id",
      { it: "worked", deployment_info: { deployment_id: "  ", recorders: [recorder] } },
      DEPLOYMENT_ID_PROBLEM,
    ],
    [
      "a non-finite deployment id",
      { it: "worked", deployment_info: { deployment_id: Number.NaN, recorders: [recorder] } },
      DEPLOYMENT_ID_PROBLEM,
    ],
    [
      "an object as deployment id",
      { it: "worked", deployment_info: { deployment_id: { id: 1 }, recorders: [recorder] } },
      DEPLOYMENT_ID_PROBLEM,
    ],
    [
      "no recorders",
      { it: "worked", deployment_info: { deployment_id: "dep-1" } },
      "deployment_info.recorders is not a list",
    ],
    [
      "recorders as an object",
      { it: "worked", deployment_info: { deployment_id: "dep-1", recorders: recorder } },
      "deployment_info.recorders is not a list",
    ],
  ])("%s", (_name, body, problem) => {
    expect(parseCallbackBody(body)).toEqual({ problem });
  });

  it.each([
    ["a recorder that is not an object", "rec-1"],
    ["a recorder without an id", { recorder_ip: "192.0.2.1" }],
    ["a recorder with a blank id", { recorder_id: "", recorder_ip: "192.0.2.1" }],
    ["a recorder without an IP", { recorder_id: "rec-1" }],
    ["a recorder with a numeric IP", { recorder_id: "rec-1", recorder_ip: 3221225985 }],
  ])("%s", (_name, bad) => {
    const body = {
      it: "worked",
      deployment_info: { deployment_id: "d", recorders: [recorder, bad] },
    };
    expect(parseCallbackBody(body)).toEqual({
      problem: IP_PROBLEM,
    });
  });
});

describe("parseCallbackBody only passes real IP addresses on (they end up in firewall rules)", () => {
  it.each([
    ["a CIDR range opening everything", "0.0.0.0/0"],
    ["an IPv6 range", "::/0"],
    ["a /32 range", "192.0.2.1/32"],
    ["a hostname", "recorder-1.jod.sh"],
    ["localhost", "localhost"],
    ["the empty string", ""],
    ["a blank string", " "],
    ["an address with spaces", " 192.0.2.1 "],
    ["an address with a port", "192.0.2.1:5222"],
    ["a truncated address", "192.0.2"],
    ["an out-of-range octet", "192.0.2.256"],
    ["two addresses", "192.0.2.1,192.0.2.2"],
    ["a URL", "http://192.0.2.1/"],
  ])("refuses %s", (_name, ip) => {
    expect(parseCallbackBody(successCallback("dep-1", ["203.0.113.5", ip]))).toEqual({
      problem: IP_PROBLEM,
    });
  });

  it("takes plain IPv4 and IPv6 addresses", () => {
    const parsed = parseCallbackBody(successCallback("dep-1", ["203.0.113.5", "2001:db8::5"]));
    expect(parsed.outcome).toMatchObject({
      recorders: [
        { id: "rec-1", ip: "203.0.113.5" },
        { id: "rec-2", ip: "2001:db8::5" },
      ],
    });
  });
});

describe("recorder addresses a firewall rule cannot name", () => {
  const RULE =
    "which no firewall rule should open: recorder addresses must be unicast and routable";
  it.each([
    ["0.0.0.0", "an unspecified address"],
    ["0.1.2.3", "an unspecified address"],
    ["::", "an unspecified address"],
    ["0:0:0:0:0:0:0:0", "an unspecified address"],
    ["127.0.0.1", "a loopback address"],
    ["127.255.0.9", "a loopback address"],
    ["::1", "a loopback address"],
    ["::ffff:127.0.0.1", "a loopback address"],
    ["169.254.1.1", "a link-local address"],
    ["fe80::1", "a link-local address"],
    ["FEBF::1", "a link-local address"],
    ["224.0.0.1", "a multicast address"],
    ["239.255.255.250", "a multicast address"],
    ["ff02::1", "a multicast address"],
    ["240.0.0.1", "a reserved or broadcast address"],
    ["255.255.255.255", "a reserved or broadcast address"],
  ])("refuses %s, naming it as %s", (ip, what) => {
    expect(parseCallbackBody(successCallback("dep-1", ["203.0.113.5", ip]))).toEqual({
      problem: `recorder_ip ${ip} is ${what}, ${RULE} (private ranges are allowed)`,
    });
  });

  it("refuses an address with an interface zone as no IP address", () => {
    expect(parseCallbackBody(successCallback("dep-1", ["fe80::1%eth0"]))).toEqual({
      problem: IP_PROBLEM,
    });
  });

  it.each([
    ["private 10/8", "10.1.2.3"],
    ["private 172.16/12", "172.31.255.1"],
    ["private 192.168/16", "192.168.0.10"],
    ["shared 100.64/10", "100.64.0.1"],
    ["unique local IPv6", "fd12:3456::1"],
    ["public IPv4", "203.0.113.5"],
    ["public IPv6", "2001:db8::5"],
    ["just below link-local", "169.253.255.255"],
    ["just below multicast", "223.255.255.255"],
  ])("takes %s (%s)", (_name, ip) => {
    expect(parseCallbackBody(successCallback("dep-1", [ip])).outcome).toMatchObject({
      recorders: [{ ip }],
    });
  });
});
