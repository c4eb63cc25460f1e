import { Agent, request } from "node:http";
import { startEmulator } from "../../emulator/src";
import { CallbackReceiver } from "../helpers/callback-receiver";
import { postDeployRecorder } from "../helpers/emulator-deploy-client";
import { waitUntil } from "../helpers/reliability-processes";
import { deployForm, TEST_API_KEY, TEST_DOMAIN } from "../helpers/emulator-test-fixture";

const accounts = [{ apiKey: TEST_API_KEY, balance: 10, domains: [TEST_DOMAIN] }];
let receiver: CallbackReceiver;
beforeEach(async () => {
  receiver = new CallbackReceiver();
  await receiver.start();
});
afterEach(() => receiver.stop());

test("close cancels callbacks that are still pending", async () => {
  const emulator = await startEmulator({ accounts, callbackDelayMs: 150 });
  await postDeployRecorder(emulator.url, deployForm(receiver.url));

  await emulator.close();

  await expect(emulator.whenCallbacksIdle()).resolves.toBeUndefined();
  expect(receiver.received).toEqual([]);
});

test("close does not wait for keep-alive sockets or stalled answers, and can be repeated", async () => {
  const emulator = await startEmulator({ accounts });
  emulator.setFaults({ responseDelayMs: 60_000 });
  const agent = new Agent({ keepAlive: true });
  const idle = await getStatus(`${emulator.url}/__admin/faults`, agent);
  expect(idle).toBe(200);
  const stalled = postDeployRecorder(emulator.url, deployForm(receiver.url));
  await waitUntil(() => emulator.requests().length === 1, "the stalled request");

  // The answer is held for 60 s, far past the test's deadline: close must not wait for it.
  await Promise.all([emulator.close(), emulator.close()]);

  await expect(stalled).rejects.toThrow();
  agent.destroy();
});

function getStatus(url: string, agent: Agent): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    request(url, { agent }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode));
    })
      .on("error", reject)
      .end();
  });
}
