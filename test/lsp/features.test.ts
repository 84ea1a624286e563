// Editor features over a real LSP connection: every quick fix applied to the text, hovers,
// completion, code lenses, references, workspace symbols and keystroke/requirements.
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, test } from "node:test";
import {
  CodeActionRequest,
  CodeLensRequest,
  CompletionRequest,
  ReferencesRequest,
  WorkspaceSymbolRequest,
  type CodeAction,
  type CompletionItem,
  type Diagnostic,
} from "vscode-languageserver-protocol/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { ExplainOutput, StatusOutput } from "../../server/core/agent-tools";
import {
  AGENT_TOOL_REQUEST,
  AgentToolResult,
  CLOUD_SNAPSHOT_NOTIFICATION,
  PUSH_CREDENTIAL_COMMAND,
  REQUIREMENTS_REQUEST,
  RequirementsResult,
  type CloudSnapshotParams,
} from "../../server/core/schema";
import { LspClient, positionAt, tempWorkspace, uriOf } from "./lsp-client";

const ws = tempWorkspace("basic");
const file = (rel: string) => path.join(ws.dir, rel);
let lsp: LspClient;

const cloud: CloudSnapshotParams = {
  snapshot: {
    version: 1,
    organization: "acme",
    project: "demo",
    credentials: [
      { key: "exa", scope: "organization", fields: ["apiKey"], name: "Exa (org)", default: true },
      { key: "github", scope: "user", fields: ["token"] },
      { key: "notion", scope: "organization", fields: ["token"] },
      { key: "linear", scope: "organization", fields: ["apiKey"] },
    ],
  },
};

before(async () => {
  lsp = await LspClient.start({ folders: [ws.dir], storeDir: ws.store });
  await lsp.connection.sendNotification(CLOUD_SNAPSHOT_NOTIFICATION, cloud);
  await lsp.waitForDiagnostics(file("src/actions/personal.ts"), (d) => d.some((x) => x.code === "KS002"));
});

after(async () => {
  await lsp.stop();
  ws.cleanup();
});

async function fixesFor(rel: string, code: string): Promise<{ actions: CodeAction[]; diagnostic: Diagnostic }> {
  const target = file(rel);
  await lsp.open(target);
  const diagnostics = await lsp.waitForDiagnostics(target, (d) => d.some((x) => x.code === code));
  const diagnostic = diagnostics.find((d) => d.code === code)!;
  const actions = (await lsp.connection.sendRequest(CodeActionRequest.type, {
    textDocument: { uri: uriOf(target) },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic] },
  })) as CodeAction[];
  return { actions, diagnostic };
}

function applied(rel: string, action: CodeAction | undefined): string {
  assert.ok(action?.edit?.changes, `action ${action?.title} has an edit`);
  const uri = uriOf(file(rel));
  const doc = TextDocument.create(uri, "typescript", 1, lsp.text(file(rel)));
  return TextDocument.applyEdits(doc, action.edit.changes[uri] ?? []);
}

function at(rel: string, needle: string, delta = 0) {
  const text = lsp.text(file(rel));
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, `"${needle}" in ${rel}`);
  return positionAt(text, offset + delta);
}

test("KS010: the preferred fix replaces the literal with the nearest valid scope", async () => {
  const { actions, diagnostic } = await fixesFor("src/actions/typo.ts", "KS010");
  const fix = actions.find((a) => a.isPreferred);
  assert.equal(fix?.title, 'Change the scope to "organization"');
  assert.deepEqual(fix?.diagnostics, [diagnostic]);
  assert.match(applied("src/actions/typo.ts", fix), /credentials: \[acme\.scope\("organization"\)\] as const,/);
});

test("KS002: pins the element with .scope(\"user\")", async () => {
  const { actions } = await fixesFor("src/actions/personal.ts", "KS002");
  const fix = actions.find((a) => a.edit);
  assert.equal(fix?.isPreferred, true);
  assert.match(applied("src/actions/personal.ts", fix), /credentials: \[github\.scope\("user"\), notion\.scope\("project"\)\] as const,/);
  // The message's other way ("…or store it…") exists as a fix too, not preferred over the edit.
  const store = actions.find((a) => a.command);
  assert.ok(store, `no store command among ${actions.map((a) => a.title).join(", ")}`);
  assert.match(store.title, /^(Set local credential github…|Push github to the cloud…)$/);
  assert.notEqual(store.isPreferred, true);
});

test("KS003: offers each scope where the key exists, and the push command", async () => {
  const { actions } = await fixesFor("src/actions/personal.ts", "KS003");
  const edits = actions.filter((a) => a.edit);
  assert.equal(edits.length, 1, "notion exists only at organization scope");
  assert.equal(edits[0]?.isPreferred, true);
  assert.match(applied("src/actions/personal.ts", edits[0]), /notion\.scope\("organization"\)/);
  const push = actions.find((a) => a.command?.command === PUSH_CREDENTIAL_COMMAND);
  assert.equal(push?.title, "Push notion to the cloud…");
  assert.deepEqual(push?.command?.arguments?.[0], { key: "notion", scope: "project", project: "demo", fields: ["token"] });
});

test("KS001: the fix is the client command that stores the credential", async () => {
  const { actions } = await fixesFor("src/actions/report.ts", "KS001");
  assert.equal(actions.length, 1);
  assert.equal(actions[0]?.command?.command, PUSH_CREDENTIAL_COMMAND);
  assert.equal(actions[0]?.isPreferred, true);
  assert.deepEqual(actions[0]?.command?.arguments?.[0], { key: "acme", scope: "project", project: "demo", fields: ["apiKey"] });
});

test("KS014: adds the credential to the action's array and imports it", async () => {
  const { actions } = await fixesFor("src/actions/undeclared.ts", "KS014");
  const fix = actions.find((a) => a.isPreferred);
  assert.equal(fix?.title, 'Add "acme" to the credentials of "combined"');
  const text = applied("src/actions/undeclared.ts", fix);
  assert.match(text, /credentials: \[exa, acme\] as const,/);
  assert.match(text, /import \{ exa \} from "\.\.\/credentials\/exa";\nimport \{ acme \} from "\.\.\/credentials\/acme";/);
});

test("KS015: removes the duplicate element", async () => {
  const { actions } = await fixesFor("src/actions/dupe.ts", "KS015");
  const fix = actions.find((a) => a.isPreferred);
  assert.match(applied("src/actions/dupe.ts", fix), /credentials: \[exa\] as const,/);
});

async function hoverAt(rel: string, needle: string, delta: number): Promise<string> {
  const md = await lsp.hover(file(rel), at(rel, needle, delta));
  assert.ok(md !== null, "a hover");
  return md;
}

test("hover on a reference: kind, fields, pin and per-target resolution or why not checked", async () => {
  await lsp.open(file("src/actions/search.ts"));
  const md = await hoverAt("src/actions/search.ts", "[exa]", 2);
  assert.match(md, /\*\*`exa`\*\*/);
  assert.match(md, /kind `api_key`/);
  assert.match(md, /`apiKey` \(required\), `region` \(optional\)/);
  assert.match(md, /Pin: none/);
  assert.match(md, /\*\*cloud\*\*: ✓ resolves at organization scope: "Exa \(org\)" \(the default\)/);
  assert.match(md, /\*\*local\*\*: not checked: .*dev server.* \(last check: never\)/);
});

test("hover on a definition: who requires it and how it resolves unpinned", async () => {
  await lsp.open(file("src/credentials/exa.ts"));
  const md = await hoverAt("src/credentials/exa.ts", '"exa"', 1);
  assert.match(md, /credential definition/);
  assert.match(md, /Required by .*`search`/);
  assert.match(md, /\*\*cloud\*\*: ✓ organization default/);
});

test("completion inside .scope(\"|\") offers the three scopes with docs", async () => {
  const rel = "src/actions/personal.ts";
  await lsp.open(file(rel));
  await lsp.replace(file(rel), 'notion.scope("project")', 'notion.scope("pr")');
  const items = (await lsp.connection.sendRequest(CompletionRequest.type, {
    textDocument: { uri: uriOf(file(rel)) },
    position: at(rel, 'scope("pr")', 'scope("pr'.length),
  })) as CompletionItem[];
  assert.deepEqual(items.map((i) => i.label), ["organization", "project", "user"]);
  assert.ok(items.every((i) => i.documentation));
  await lsp.replace(file(rel), 'notion.scope("pr")', 'notion.scope("project")');
});

test("completion inside key: \"|\" of a definition offers stored keys that have no definition", async () => {
  const target = file("src/credentials/new.ts");
  const text = 'import { defineCredential } from "@keystrokehq/keystroke/credentials";\n\nexport const x = defineCredential({ key: "li" });\n';
  await lsp.open(target, text);
  const items = (await lsp.connection.sendRequest(CompletionRequest.type, {
    textDocument: { uri: uriOf(target) },
    position: positionAt(text, text.indexOf('"li"') + 3),
  })) as CompletionItem[];
  assert.deepEqual(items.map((i) => i.label), ["linear"], "exa, github and notion have definitions");
});

test("code lenses show each key's per-target state and run the fixing command", async () => {
  const lenses = async (rel: string) => lsp.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: uriOf(file(rel)) } });
  await lsp.open(file("src/actions/report.ts"));
  const [report] = (await lenses("src/actions/report.ts")) ?? [];
  assert.equal(report?.command?.title, "acme $(question) local · $(error) cloud");
  assert.equal(report?.command?.command, PUSH_CREDENTIAL_COMMAND);
  assert.match(report?.command?.tooltip ?? "", /^local: not checked: .*\ncloud: ✗ .*\(KS001\)$/);
  const [search] = (await lenses("src/actions/search.ts")) ?? [];
  assert.equal(search?.command?.title, "exa $(question) local · $(check) cloud");
  assert.equal(search?.command?.command, "keystroke.openCredentialManager", "local is not checked: the manager sets it up");
  assert.match(search?.command?.tooltip ?? "", /\ncloud: ✓ resolves at organization scope/);
});

test("references from a definition list every action element that requires it", async () => {
  const refs = await lsp.connection.sendRequest(ReferencesRequest.type, {
    textDocument: { uri: uriOf(file("src/credentials/exa.ts")) },
    position: at("src/credentials/exa.ts", '"exa"', 1),
    context: { includeDeclaration: false },
  });
  const files = (refs ?? []).map((r) => path.basename(new URL(r.uri).pathname)).sort();
  // A duplicate element is one requirement (and a KS015), not two.
  assert.deepEqual(files, ["dupe.ts", "search.ts", "undeclared.ts"]);
});

test("workspace symbols list credential definitions", async () => {
  const symbols = (await lsp.connection.sendRequest(WorkspaceSymbolRequest.type, { query: "no" })) ?? [];
  assert.deepEqual(symbols.map((s) => s.name), ["notion"]);
  const all = (await lsp.connection.sendRequest(WorkspaceSymbolRequest.type, { query: "" })) ?? [];
  assert.ok(["acme", "exa", "github", "notion"].every((k) => all.some((s) => s.name === k)));
});

test("keystroke/requirements lists every requirement with per-target status", async () => {
  const result = RequirementsResult.parse(await lsp.connection.sendRequest(REQUIREMENTS_REQUEST, {}));
  const search = result.requirements.find((r) => r.file === "src/actions/search.ts");
  assert.equal(search?.root, ws.dir);
  assert.equal(search?.key, "exa");
  assert.equal(search?.targets.cloud.status, "resolved");
  assert.equal(search?.targets.local.status, "unchecked");
  const report = result.requirements.find((r) => r.file === "src/actions/report.ts");
  assert.equal(report?.targets.cloud.status, "missing");
});

test("keystroke/agentTool answers agent mode's tools from the server's analyses, as the MCP tools do", async () => {
  const ask = async (tool: string, input: Record<string, unknown>) => AgentToolResult.parse(await lsp.connection.sendRequest(AGENT_TOOL_REQUEST, { tool, input }));
  const status = await ask("credentials_status", { key: "acme" });
  assert.ok("structured" in status, JSON.stringify(status));
  const out = StatusOutput.parse(status.structured);
  assert.equal(out.requirements[0]?.file, "src/actions/report.ts");
  assert.equal(out.requirements[0]?.targets.cloud.status, "missing");
  assert.equal(out.requirements[0]?.targets.local.status, "not_checked");
  assert.equal(out.targets.cloud.state, "checked");
  assert.ok(out.requirements.every((r) => r.key === "acme"));
  assert.match(status.summary, new RegExp(`^${out.requirements.length} requirements?; local: not checked \\(.*\\); cloud: \\d+ missing\\.$`));

  const explained = await ask("explain_credential", { file: "src/actions/report.ts", line: 11 });
  assert.ok("structured" in explained, JSON.stringify(explained));
  assert.equal(ExplainOutput.parse(explained.structured).key, "acme");

  const plan = await ask("plan_request", { key: "acme" });
  assert.ok("structured" in plan, JSON.stringify(plan));
  assert.deepEqual(plan.structured, { key: "acme", kind: "api_key", scope: "project", project: "demo", fields: [{ name: "apiKey", optional: false, secret: true }] });

  assert.deepEqual(await ask("explain_credential", { key: "nowhere" }), { error: 'no definition or requirement of "nowhere" in this project' });
  assert.ok("error" in (await ask("credentials_status", { problemsOnly: "yes" })), "each tool validates its input");
  const bad = AgentToolResult.parse(await lsp.connection.sendRequest(AGENT_TOOL_REQUEST, { tool: "reveal" }));
  assert.ok("error" in bad, "an unknown tool is refused, nothing crashes");
});
