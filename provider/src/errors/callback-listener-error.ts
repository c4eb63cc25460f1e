import { JodError } from "./jod-error";

/**
 * The callback listener could not start, most often because its port is taken.
 *
 * @example
 * ```ts
 * new JodCallbackListenerError({ host: "0.0.0.0", port: 8080 }, Object.assign(new Error(), { code: "EADDRINUSE" }));
 * ```
 */
export class JodCallbackListenerError extends JodError {
  constructor(listen: { host: string; port: number }, cause: unknown) {
    const address = listen.host.includes(":")
      ? `[${listen.host}]:${listen.port}`
      : `${listen.host}:${listen.port}`;
    const code = (cause as { code?: string } | undefined)?.code;
    const why =
      code === "EADDRINUSE"
        ? "is already in use by another process"
        : code === "EADDRNOTAVAIL"
          ? "is not an address of this machine"
          : code === "EACCES"
            ? "needs privileges this process does not have"
            : `could not be bound (${code ?? String(cause)})`;
    super(
      `The JOD callback listener could not listen on ${address}: that address ${why}. ` +
        "Choose another with `pulumi config set jod:callbackListen HOST:PORT` (or JOD_CALLBACK_LISTEN); " +
        "port 0 picks a free one. Nothing was sent to JOD.",
      { code: "LISTENER_FAILED", mayHaveDeployed: false, cause },
    );
    this.name = "JodCallbackListenerError";
  }
}
