// The local target from a REAL dev server: store changes through its HTTP API show up as
// diagnostics; killing it turns the target "not checked" (and its missing-credential diagnostics
// go); starting it again brings everything back, all without restarting the language server.
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, test } from "node:test";
import { DiagnosticSeverity, type Diagnostic } from "vscode-languageserver-protocol/node";
import { startDevServer, type RunningDevServer } from "./devserver-process";
import { LspClient, tempWorkspace, uriOf } from "./lsp-client";

const ws = tempWorkspace("basic");
const file = (rel: string) => path.join(ws.dir, rel);
const localMissing = (d: Diagnostic[]) => d.some((x) => x.code === "KS001" && String(x.message).includes("[local]"));
let lsp: LspClient;
let dev: RunningDevServer | undefined;

before(async () => {
  lsp = await LspClient.start({ folders: [ws.dir], storeDir: ws.store });
});

after(async () => {
  await dev?.stop("SIGKILL");
  await lsp.stop();
  ws.cleanup();
});

test("without a dev server the local target is unchecked and nothing is reported missing locally", async () => {
  const status = await lsp.waitForStatus((s) => s.targets.local.state === "unchecked" && /not running/.test(s.targets.local.reason));
  assert.equal(status.missing.local, 0);
  assert.ok(!localMissing(lsp.diagnostics.get(uriOf(file("src/actions/search.ts"))) ?? []));
});

test("a dev server that starts later is picked up, and its empty store makes requirements missing", async () => {
  dev = await startDevServer(ws.store);
  const status = await lsp.waitForStatus((s) => s.targets.local.state === "checked" && s.missing.local > 0);
  assert.ok(status.missing.local >= 3, `local missing: ${status.missing.local}`);
  const [missing] = (await lsp.waitForDiagnostics(file("src/actions/search.ts"), localMissing)).filter((d) => d.code === "KS001");
  assert.equal(missing?.severity, DiagnosticSeverity.Error, "local findings default to error");
});

// Latency is a benchmark figure (bench/lsp.ts), not a test assertion: here we wait for the event.
test("a PUT through the dev server's API republishes the affected files", async () => {
  assert.ok(dev);
  await dev.client.put({ key: "exa", scope: "project", project: "demo", fields: { apiKey: "sk-test-value" } });
  await lsp.waitForDiagnostics(file("src/actions/search.ts"), (d) => !localMissing(d));
  // A stored entry that lacks a required field is KS004 for the requirement that reaches it.
  await dev.client.put({ key: "acme", scope: "organization", fields: { other: "x" } });
  await lsp.waitForDiagnostics(file("src/actions/report.ts"), (d) => d.some((x) => x.code === "KS004"));
  for (const diagnostics of lsp.diagnostics.values()) {
    for (const d of diagnostics) assert.ok(!String(d.message).includes("sk-test-value"), "no secret value in a diagnostic");
  }
});

test("killing the dev server turns local unchecked and clears local findings; restarting brings them back", async () => {
  assert.ok(dev);
  await dev.stop("SIGKILL");
  const status = await lsp.waitForStatus((s) => s.targets.local.state === "unchecked");
  assert.equal(status.missing.local, 0);
  await lsp.waitForDiagnostics(file("src/actions/report.ts"), (d) => !d.some((x) => x.code === "KS004"));
  dev = await startDevServer(ws.store);
  await lsp.waitForStatus((s) => s.targets.local.state === "checked");
  await lsp.waitForDiagnostics(file("src/actions/report.ts"), (d) => d.some((x) => x.code === "KS004"));
});
