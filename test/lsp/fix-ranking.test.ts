// Quick fixes ranked by their effect on both targets, over a real LSP connection with both
// targets checked (a real dev server for local, a cloud listing): a fix that would leave a checked
// target failing says so in its title and is not preferred; one that resolves both comes first,
// preferred.
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, test } from "node:test";
import { CodeActionRequest, type CodeAction, type Diagnostic } from "vscode-languageserver-protocol/node";
import { CLOUD_SNAPSHOT_NOTIFICATION } from "../../server/core/schema";
import { startDevServer, type RunningDevServer } from "./devserver-process";
import { LspClient, tempWorkspace, uriOf } from "./lsp-client";

const ws = tempWorkspace("basic");
const personal = path.join(ws.dir, "src/actions/personal.ts");
let lsp: LspClient;
let dev: RunningDevServer;

before(async () => {
  dev = await startDevServer(ws.store, { root: ws.dir });
  lsp = await LspClient.start({ folders: [ws.dir], storeDir: ws.store });
  await lsp.connection.sendNotification(CLOUD_SNAPSHOT_NOTIFICATION, {
    snapshot: { version: 1, organization: "acme", project: "demo", credentials: [{ key: "notion", scope: "organization", fields: ["token"] }, { key: "github", scope: "user", fields: ["token"] }] },
  });
  await lsp.open(personal);
});

after(async () => {
  await lsp.stop();
  await dev.stop("SIGKILL");
  ws.cleanup();
});

const cloudKS003 = (d: Diagnostic[]) => d.find((x) => x.code === "KS003" && String(x.message).includes("[cloud]"));

/** Asks again until the answer reflects the store change (the server re-resolves on the store event). */
async function waitFor<T>(probe: () => Promise<T | null>, deadlineMs = 10_000): Promise<T> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > until) throw new Error("timed out waiting for the ranked fixes");
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function fixes(diagnostic: Diagnostic): Promise<CodeAction[]> {
  return (await lsp.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: uriOf(personal) }, range: diagnostic.range, context: { diagnostics: [diagnostic] } })) as CodeAction[];
}

test("a pin that fixes the cloud but not local says so and is not preferred; the push that fixes both comes first", async () => {
  await lsp.waitForStatus((s) => s.targets.local.state === "checked" && s.targets.cloud.state === "checked");
  const localNotion = (d: Diagnostic[]) => d.some((x) => String(x.message).includes('[local] "notion"'));
  await lsp.waitForDiagnostics(personal, localNotion);
  await dev.client.put({ key: "notion", scope: "project", project: "demo", fields: { token: "t-local-project" } });
  const diagnostics = await lsp.waitForDiagnostics(personal, (d) => cloudKS003(d) !== undefined && !localNotion(d));
  const actions = await fixes(cloudKS003(diagnostics)!);
  const titles = actions.map((a) => a.title);
  assert.deepEqual(titles, ["Push notion to the cloud…", 'Change the scope to "organization" (local would still fail)'], titles.join(" | "));
  assert.ok(!actions.some((a) => a.isPreferred), "no fix resolving both is an edit; the push is a command, never auto-applied");
});

test("once the pin would resolve in both targets, that fix comes first and is the one preferred", async () => {
  await dev.client.put({ key: "notion", scope: "organization", fields: { token: "t-local-org" } });
  // The local store has notion at both scopes now; the cloud only at organization.
  const diagnostics = await lsp.waitForDiagnostics(personal, (d) => cloudKS003(d) !== undefined);
  const actions = await waitFor(async () => {
    const found = await fixes(cloudKS003(diagnostics)!);
    return found[0]?.title === 'Change the scope to "organization"' ? found : null;
  });
  assert.equal(actions[0]?.title, 'Change the scope to "organization"');
  assert.equal(actions[0]?.isPreferred, true);
  assert.equal(actions.filter((a) => a.isPreferred).length, 1);
});
