import { isIP } from "node:net";

/** A recorder JOD reported in its success callback. */
export interface DeployedRecorder {
  id: string;
  ip: string;
}

/** What JOD's callback said about a deployment. */
export type CallbackOutcome =
  | { kind: "success"; deploymentId: string; recorders: DeployedRecorder[]; message: string }
  | { kind: "failure"; message: string };

/**
 * Reads a callback body as JOD documents it, or says why it is not one.
 *
 * Recorder IPs must be plain, specific IP addresses: they end up in firewall rules, so a value
 * such as `0.0.0.0/0`, `0.0.0.0`, `::` or a hostname is refused rather than passed on.
 *
 * @example
 * ```ts
 * parseCallbackBody({ it: "failed", message: "recorders not available in specified location" });
 * // { outcome: { kind: "failure", message: "recorders not available in specified location" } }
 * ```
 */
export function parseCallbackBody(
  body: unknown,
): { outcome: CallbackOutcome; problem?: undefined } | { outcome?: undefined; problem: string } {
  if (!isRecord(body)) return { problem: "body is not a JSON object" };
  const message = typeof body.message === "string" ? body.message : "";
  if (body.it === "failed") {
    return { outcome: { kind: "failure", message: message || "JOD reported a failed deployment" } };
  }
  if (body.it !== "worked") return { problem: 'field "it" must be "worked" or "failed"' };

  const info = body.deployment_info;
  if (!isRecord(info)) return { problem: "deployment_info is missing" };
  const deploymentId = idString(info.deployment_id);
  if (!deploymentId) return { problem: "deployment_info.deployment_id is missing" };
  if (!Array.isArray(info.recorders)) return { problem: "deployment_info.recorders is not a list" };

  const recorders: DeployedRecorder[] = [];
  for (const recorder of info.recorders) {
    const id = isRecord(recorder) ? idString(recorder.recorder_id) : undefined;
    const ip = isRecord(recorder) ? recorder.recorder_ip : undefined;
    if (!id || typeof ip !== "string" || !isUsableRecorderIp(ip)) {
      return { problem: "every recorder needs a recorder_id and an IP address in recorder_ip" };
    }
    recorders.push({ id, ip });
  }
  return { outcome: { kind: "success", deploymentId, recorders, message } };
}

/** An address a firewall rule can name: not unspecified (0.0.0.0, ::), no interface zone. */
function isUsableRecorderIp(ip: string): boolean {
  const version = isIP(ip);
  if (version === 0 || ip.includes("%")) return false;
  if (version === 4) return ip !== "0.0.0.0";
  return new URL(`http://[${ip}]/`).hostname !== "[::]";
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function idString(value: unknown): string | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}
