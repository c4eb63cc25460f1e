/** Recorder IPs from the RFC 5737 documentation ranges, as JOD's success callback lists them. */
export const RECORDER_IPS = ["203.0.113.10", "198.51.100.20"];

/**
 * JOD's documented success callback for a deployment, one recorder per IP.
 *
 * @example
 * ```ts
 * registry.deliver(token, successCallback("dep-1"));
 * ```
 */
export function successCallback(
  deploymentId: string | number,
  ips: string[] = RECORDER_IPS,
  message = "deployment successful",
): Record<string, unknown> {
  return {
    it: "worked",
    message,
    deployment_info: {
      deployment_id: deploymentId,
      recorders: ips.map((ip, index) => ({ recorder_id: `rec-${index + 1}`, recorder_ip: ip })),
    },
  };
}

/**
 * JOD's documented failure callback.
 *
 * @example
 * ```ts
 * registry.deliver(token, failureCallback());
 * ```
 */
export function failureCallback(
  message = "recorders not available in specified location",
): Record<string, unknown> {
  return { it: "failed", message };
}
