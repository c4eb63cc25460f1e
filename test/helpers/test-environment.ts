import inspector from "node:inspector";
import { TestEnvironment } from "jest-environment-node";

// Each test file loads its own copy of @pulumi/pulumi, and each copy that serializes a dynamic
// provider opens an inspector session (runtime/closure/v8Hooks.js) that it never closes. The
// session holds the inspected functions, and through them the file's whole module registry, and
// keeps the debugger enabled: the worker grew by about 60 MB per engine test file. Closing the
// sessions a file opened when it ends lets one worker run every file.
const opened = new Set<inspector.Session>();
const connect = inspector.Session.prototype.connect;
inspector.Session.prototype.connect = function (this: inspector.Session) {
  opened.add(this);
  connect.call(this);
};

/** jest's node environment, closing the inspector sessions the test file opened. */
export default class PulumiTestEnvironment extends TestEnvironment {
  override async teardown(): Promise<void> {
    for (const session of opened) session.disconnect();
    opened.clear();
    await super.teardown();
  }
}
