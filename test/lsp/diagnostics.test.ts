// Diagnostics over a real LSP connection: the initial publish for closed files, incremental
// re-publish after didChange, the cloud snapshot notification, target status and settings.
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, test } from "node:test";
import { DiagnosticSeverity, type MarkupContent } from "vscode-languageserver-protocol/node";
import { CLOUD_SNAPSHOT_NOTIFICATION, type CloudSnapshotParams, type Snapshot } from "../../server/core/schema";
import { LspClient, tempWorkspace } from "./lsp-client";

const ws = tempWorkspace("basic");
/** LSP 3.18 lets a message be markup; this server always sends plain strings. */
const text = (message: string | MarkupContent) => (typeof message === "string" ? message : message.value);
const file = (rel: string) => path.join(ws.dir, rel);
let lsp: LspClient;

/** Cloud: exa at org; github only at user (KS002); notion only at organization but pinned to project (KS003); no acme. */
const cloud: Snapshot = {
  version: 1,
  organization: "acme",
  project: "demo",
  credentials: [
    { key: "exa", scope: "organization", fields: ["apiKey"] },
    { key: "github", scope: "user", fields: ["token"] },
    { key: "notion", scope: "organization", fields: ["token"] },
  ],
};

before(async () => {
  lsp = await LspClient.start({ folders: [ws.dir], storeDir: ws.store });
});

after(async () => {
  await lsp.stop();
  ws.cleanup();
});

test("publishes authoring findings for files that are not open, with code links and source", async () => {
  const [typo] = await lsp.waitForDiagnostics(file("src/actions/typo.ts"), (d) => d.some((x) => x.code === "KS010"));
  assert.equal(typo?.source, "keystroke");
  assert.equal(typo?.codeDescription?.href, "https://github.com/keystroke/keystroke-credentials-vscode#ks010");
  assert.equal(typo?.severity, DiagnosticSeverity.Error);
  await lsp.waitForDiagnostics(file("src/actions/dupe.ts"), (d) => d.some((x) => x.code === "KS015"));
  await lsp.waitForDiagnostics(file("src/actions/undeclared.ts"), (d) => d.some((x) => x.code === "KS014"));
  assert.deepEqual(lsp.codes(file("src/actions/search.ts")), [], "search.ts has no authoring problem");
});

test("both targets start unchecked with their reasons, and produce no missing-credential diagnostics", async () => {
  const status = await lsp.waitForStatus((s) => s.targets.local.state === "unchecked" && /dev server is not running/.test(s.targets.local.reason));
  assert.ok(status.requirements > 0);
  assert.deepEqual(status.targets.cloud, { ...status.targets.cloud, state: "unchecked", reason: "cloud credentials not loaded yet" });
  assert.deepEqual(status.missing, { local: 0, cloud: 0 });
  for (const diagnostics of lsp.diagnostics.values()) {
    assert.ok(!diagnostics.some((d) => ["KS001", "KS002", "KS003"].includes(String(d.code))), "no resolution finding while unchecked");
  }
});

test("a cloud snapshot turns the cloud target checked and publishes cloud findings with the target in the message", async () => {
  await lsp.connection.sendNotification(CLOUD_SNAPSHOT_NOTIFICATION, { snapshot: cloud } satisfies CloudSnapshotParams);
  const personal = await lsp.waitForDiagnostics(file("src/actions/personal.ts"), (d) => d.some((x) => x.code === "KS002") && d.some((x) => x.code === "KS003"));
  for (const d of personal.filter((x) => x.code === "KS002" || x.code === "KS003")) {
    assert.match(text(d.message), /\[cloud\]/);
    assert.equal(d.severity, DiagnosticSeverity.Error, "by default each code has its catalog severity, as check reports it");
  }
  const status = await lsp.waitForStatus((s) => s.targets.cloud.state === "checked");
  assert.ok(status.missing.cloud >= 2, `missing cloud count ${status.missing.cloud}`);
  assert.equal(status.missing.local, 0);
});

test("settings change the severity of resolution findings without a restart, and 'off' removes them", async () => {
  const personal = file("src/actions/personal.ts");
  await lsp.changeSettings({ diagnostics: { local: "error", cloud: "warning" } });
  await lsp.waitForDiagnostics(personal, (d) => d.some((x) => x.code === "KS002" && x.severity === DiagnosticSeverity.Warning));
  await lsp.changeSettings({ diagnostics: { local: "error", cloud: "off" } });
  await lsp.waitForDiagnostics(personal, (d) => !d.some((x) => x.code === "KS002" || x.code === "KS003"));
  // Authoring findings keep the catalog severity whatever the target settings say.
  assert.ok(lsp.codes(file("src/actions/typo.ts")).includes("KS010"));
  await lsp.changeSettings({});
  await lsp.waitForDiagnostics(personal, (d) => d.some((x) => x.code === "KS002" && x.severity === DiagnosticSeverity.Error));
});

test("didChange re-analyses the open document: fixing and re-breaking a scope literal", async () => {
  const typo = file("src/actions/typo.ts");
  await lsp.open(typo);
  await lsp.replace(typo, 'scope("org")', 'scope("organization")');
  await lsp.waitForDiagnostics(typo, (d) => !d.some((x) => x.code === "KS010"));
  await lsp.replace(typo, 'scope("organization")', 'scope("prj")');
  const [d] = await lsp.waitForDiagnostics(typo, (ds) => ds.some((x) => x.code === "KS010"));
  assert.match(text(d?.message ?? ""), /prj/);
});

test("an edit to a definition re-publishes the closed files that require it", async () => {
  const definitions = file("src/credentials/github.ts");
  const personal = file("src/actions/personal.ts");
  await lsp.open(definitions);
  await lsp.replace(definitions, 'key: "notion"', 'key: "notion2"');
  await lsp.waitForDiagnostics(personal, (d) => d.some((x) => x.code === "KS001" && text(x.message).includes("notion2")) && !d.some((x) => x.code === "KS003"));
  await lsp.replace(definitions, 'key: "notion2"', 'key: "notion"');
  await lsp.waitForDiagnostics(personal, (d) => d.some((x) => x.code === "KS003") && !d.some((x) => text(x.message).includes("notion2")));
});

test("a file that does not parse is reported or skipped, and the server keeps serving", async () => {
  const broken = file("src/actions/search.ts");
  await lsp.open(broken);
  await lsp.replace(broken, "credentials: [exa] as const,", "credentials: [exa.scope(\"usr\")] as const, ))) {{{ <<<");
  await lsp.waitForDiagnostics(broken, (d) => d.some((x) => x.code === "KS010"));
  await lsp.replace(file("src/actions/typo.ts"), 'scope("prj")', 'scope("org")');
  await lsp.waitForDiagnostics(file("src/actions/typo.ts"), (d) => d.some((x) => x.code === "KS010" && /"org"/.test(text(x.message))));
});
