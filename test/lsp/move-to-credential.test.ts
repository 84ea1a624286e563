// "Move to a credential…" over a real LSP connection and a real dev server, in the order the
// extension runs it: the code action (ranges and names only, never the value), the value stored
// through the dev server, then the one edit from the language server, applied. Afterwards the
// files parse, the credential is declared and read, the finding is gone, the value is in the
// keychain and nothing of it is left in the code. Shapes it cannot rewrite get no fix.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import ts from "typescript";
import { fileURLToPath } from "node:url";
import { CodeActionRequest, type CodeAction, type Diagnostic, type TextDocumentEdit, type TextEdit, type WorkspaceEdit } from "vscode-languageserver-protocol/node";
import { MOVE_SELECTION_ARGS_REQUEST, MOVE_TO_CREDENTIAL_EDIT_REQUEST, type MoveSelectionArgsResult, type MoveToCredentialArgs } from "../../server/core/schema";
import { startDevServer, type RunningDevServer } from "./devserver-process";
import { LspClient, tempWorkspace, uriOf } from "./lsp-client";

const ws = tempWorkspace("basic");
const file = (rel: string) => path.join(ws.dir, rel);
const TOKEN = `lin_api_${"Qx7Kp2Wz9Lm4Rt8Vn3Bc6Hd1Jf5Gs0Ay2Ue7Io9W"}`;
let lsp: LspClient;
let dev: RunningDevServer;

before(async () => {
  mkdirSync(file("src/actions"), { recursive: true });
  writeFileSync(
    file("src/actions/env.ts"),
    `import { defineAction } from "@keystrokehq/keystroke/action";\n\nexport const search = defineAction({\n  slug: "env-search",\n  async run() {\n    return fetch("https://api.exa.ai", { headers: { "x-api-key": process.env.EXA_API_KEY ?? "" } });\n  },\n});\n`,
  );
  writeFileSync(
    file("src/actions/pasted.ts"),
    `import { defineAction } from "@keystrokehq/keystroke/action";\n\nexport const issues = defineAction({\n  slug: "issues",\n  credentials: [] as const,\n  run: async (input, creds) => fetch("https://api.linear.app", { headers: { authorization: "${TOKEN}" } }),\n});\n\nconst atModuleLevel = "${TOKEN}";\nexport const other = atModuleLevel;\n`,
  );
  dev = await startDevServer(ws.store);
  lsp = await LspClient.start({ folders: [ws.dir], storeDir: ws.store });
});

after(async () => {
  await dev?.stop("SIGKILL");
  await lsp?.stop();
  ws.cleanup();
});

async function moveAction(target: string, code: string): Promise<{ diagnostic: Diagnostic; actions: CodeAction[] }> {
  const [diagnostic] = (await lsp.waitForDiagnostics(target, (d) => d.some((x) => x.code === code))).filter((d) => d.code === code);
  const actions = (await lsp.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: uriOf(target) }, range: diagnostic!.range, context: { diagnostics: [diagnostic!] } })) as CodeAction[];
  return { diagnostic: diagnostic!, actions: actions.filter((a) => a.title === "Move to a credential…") };
}

/** Applies a WorkspaceEdit the way the editor does: created files, then text edits (last first). */
async function apply(edit: WorkspaceEdit): Promise<string[]> {
  const touched: string[] = [];
  for (const change of edit.documentChanges ?? []) {
    if ("kind" in change) {
      assert.equal(change.kind, "create");
      const created = fileURLToPath(change.uri);
      assert.ok(!existsSync(created), `${created} must not be overwritten`);
      mkdirSync(path.dirname(created), { recursive: true });
      writeFileSync(created, "");
      continue;
    }
    const docEdit = change as TextDocumentEdit;
    const target = fileURLToPath(docEdit.textDocument.uri);
    let text = readFileSync(target, "utf8");
    const lines = text.split("\n");
    const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
    const edits = [...(docEdit.edits as TextEdit[])].sort((a, b) => offset(b.range.start) - offset(a.range.start));
    for (const e of edits) text = text.slice(0, offset(e.range.start)) + e.newText + text.slice(offset(e.range.end));
    writeFileSync(target, text);
    touched.push(target);
  }
  for (const target of touched) {
    try {
      await lsp.setText(target, readFileSync(target, "utf8"));
    } catch {
      await lsp.open(target); // a created file: not open yet
    }
  }
  return touched;
}

function parsesCleanly(target: string): void {
  const sf = ts.createSourceFile(target, readFileSync(target, "utf8"), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  assert.deepEqual((sf as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics, [], `${target} parses`);
}

test("KS030: an environment read in run becomes a read of the project's existing definition, stored locally", async () => {
  const env = file("src/actions/env.ts");
  await lsp.open(env);
  const { actions } = await moveAction(env, "KS030");
  assert.equal(actions.length, 1);
  const args = actions[0]!.command!.arguments![0] as MoveToCredentialArgs;
  assert.deepEqual([args.code, args.key, args.field, args.envName], ["KS030", "exa", "apiKey", "EXA_API_KEY"]);

  // The extension stores the value first (here: what .env or the masked input gave it).
  await dev.client.put({ key: args.key, scope: "project", project: "demo", fields: { [args.field]: "exa-value-from-dotenv" } });
  // A new definition would collide with src/credentials/exa.ts: the fix says so and changes nothing.
  const collides = (await lsp.connection.sendRequest(MOVE_TO_CREDENTIAL_EDIT_REQUEST, { uri: args.uri, range: args.range, key: args.key, field: args.field })) as { edit?: WorkspaceEdit; error?: string };
  assert.match(collides.error ?? "", /src\/credentials\/exa\.ts exists already: pick the definition it holds/);
  const existing = args.definitions.find((d) => d.key === "exa");
  assert.deepEqual(existing, { key: "exa", file: "src/credentials/exa.ts", exportName: "exa", fields: ["apiKey", "region"] });
  const result = (await lsp.connection.sendRequest(MOVE_TO_CREDENTIAL_EDIT_REQUEST, { uri: args.uri, range: args.range, key: "exa", field: "apiKey", existing: { file: existing!.file, exportName: existing!.exportName } })) as { edit?: WorkspaceEdit; error?: string };
  assert.equal(result.error, undefined);
  const touched = await apply(result.edit!);
  assert.deepEqual(touched.map((t) => path.relative(ws.dir, t)), ["src/actions/env.ts"]);
  for (const t of touched) parsesCleanly(t);
  const text = readFileSync(env, "utf8");
  assert.match(text, /credentials: \[exa\] as const,/);
  assert.match(text, /import \{ exa \} from "\.\.\/credentials\/exa";/);
  assert.match(text, /async run\(_input, credentials\)/);
  assert.match(text, /"x-api-key": credentials\.exa\.apiKey \?\? ""/);
  assert.doesNotMatch(text, /process\.env/);
  await lsp.waitForDiagnostics(env, (d) => d.every((x) => x.code !== "KS030" && x.code !== "KS014" && x.code !== "KS001"));
});

test("KS031: a pasted key in run moves out of the code; the same key at module level gets no fix", async () => {
  const pasted = file("src/actions/pasted.ts");
  await lsp.open(pasted);
  const diagnostics = await lsp.waitForDiagnostics(pasted, (d) => d.filter((x) => x.code === "KS031").length === 2);
  const [inRun, moduleLevel] = diagnostics.filter((d) => d.code === "KS031").sort((a, b) => a.range.start.line - b.range.start.line);
  const ask = (d: Diagnostic) => lsp.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: uriOf(pasted) }, range: d.range, context: { diagnostics: [d] } }) as Promise<CodeAction[]>;
  assert.deepEqual((await ask(moduleLevel!)).map((a) => a.title), [], "a module-level value is a restructuring, not a quick fix");
  const [action] = (await ask(inRun!)).filter((a) => a.title === "Move to a credential…");
  const args = action!.command!.arguments![0] as MoveToCredentialArgs;
  assert.ok(!JSON.stringify(action).includes(TOKEN.slice(4)), "the code action carries ranges, never the value");
  assert.deepEqual([args.key, args.field], ["linear", "apiKey"]);

  // The client reads the value from its own document at valueRange, and stores it.
  const lines = readFileSync(pasted, "utf8").split("\n");
  const value = lines[args.valueRange!.start.line]!.slice(args.valueRange!.start.character, args.valueRange!.end.character);
  assert.equal(value, TOKEN);
  const stored = await dev.client.put({ key: "linear", scope: "organization", fields: { apiKey: value } });
  const result = (await lsp.connection.sendRequest(MOVE_TO_CREDENTIAL_EDIT_REQUEST, { uri: args.uri, range: args.range, key: "linear", field: "apiKey" })) as { edit?: WorkspaceEdit; error?: string };
  assert.equal(result.error, undefined);
  const touched = await apply(result.edit!);
  assert.deepEqual(touched.map((t) => path.relative(ws.dir, t)).sort(), ["src/actions/pasted.ts", "src/credentials/linear.ts"]);
  for (const t of touched) parsesCleanly(t);
  assert.match(readFileSync(file("src/credentials/linear.ts"), "utf8"), /export const linear = defineCredential\(\{ key: "linear", fields: \{ apiKey: z\.string\(\) \} \}\);/);
  const text = readFileSync(pasted, "utf8");
  assert.match(text, /credentials: \[linear\] as const,/);
  assert.match(text, /authorization: creds\.linear\.apiKey/);
  assert.equal(text.split(TOKEN).length, 2, "only the module-level copy is left, for the person to restructure");
  assert.equal((await dev.client.reveal(stored.id)).fields.apiKey, TOKEN, "the value is in the keychain");
  await lsp.waitForDiagnostics(pasted, (d) => d.filter((x) => x.code === "KS031").length === 1 && !d.some((x) => x.code === "KS014"));
});

test("an edit for a range that no longer holds the value changes nothing and says why", async () => {
  const result = (await lsp.connection.sendRequest(MOVE_TO_CREDENTIAL_EDIT_REQUEST, {
    uri: uriOf(file("src/actions/env.ts")),
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } },
    key: "exa",
    field: "apiKey",
  })) as { edit?: WorkspaceEdit; error?: string };
  assert.equal(result.edit, undefined);
  assert.match(result.error ?? "", /no longer where the fix found it/);
  const invalid = (await lsp.connection.sendRequest(MOVE_TO_CREDENTIAL_EDIT_REQUEST, { uri: "file:///x.ts", range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, key: "Bad Key", field: "f" })) as { error?: string };
  assert.match(invalid.error ?? "", /^invalid request: key/);
});

test("Move Selection to a Credential…: a selected string in run, unflagged, moves the same way; outside run it is refused", async () => {
  const target = file("src/actions/selected.ts");
  writeFileSync(
    target,
    `import { defineAction } from "@keystrokehq/keystroke/action";\n\nexport const hook = defineAction({\n  slug: "hook",\n  run: async (input) => post({ signingSecret: "whsec-plain-words" }),\n});\nconst outside = "not-in-run";\n`,
  );
  await lsp.open(target);
  await lsp.waitForStatus(() => true);
  const lines = readFileSync(target, "utf8").split("\n");
  const select = (line: number, text: string) => ({ start: { line, character: lines[line]!.indexOf(text) + 2 }, end: { line, character: lines[line]!.indexOf(text) + 5 } });
  const refused = (await lsp.connection.sendRequest(MOVE_SELECTION_ARGS_REQUEST, { uri: uriOf(target), range: select(6, "not-in-run") })) as MoveSelectionArgsResult;
  assert.match("error" in refused ? refused.error : "", /not inside an action's run/);
  const answer = (await lsp.connection.sendRequest(MOVE_SELECTION_ARGS_REQUEST, { uri: uriOf(target), range: select(4, "whsec") })) as MoveSelectionArgsResult;
  assert.ok("args" in answer, JSON.stringify(answer));
  const args = answer.args;
  assert.deepEqual([args.code, args.key, args.field], ["KS031", "signing", "secret"]);
  const value = lines[args.valueRange!.start.line]!.slice(args.valueRange!.start.character, args.valueRange!.end.character);
  assert.equal(value, "whsec-plain-words", "the client reads the whole literal's contents");
  await dev.client.put({ key: "signing", scope: "organization", fields: { secret: value } });
  const result = (await lsp.connection.sendRequest(MOVE_TO_CREDENTIAL_EDIT_REQUEST, { uri: args.uri, range: args.range, key: "signing", field: "secret" })) as { edit?: WorkspaceEdit; error?: string };
  assert.equal(result.error, undefined);
  for (const t of await apply(result.edit!)) parsesCleanly(t);
  const text = readFileSync(target, "utf8");
  assert.match(text, /run: async \(input, credentials\) => post\(\{ signingSecret: credentials\.signing\.secret \}\)/);
  assert.ok(!text.includes("whsec-plain-words"));
  await lsp.waitForDiagnostics(target, (d) => !d.some((x) => x.code === "KS014" || (x.code === "KS001" && String(x.message).includes("[local]"))));
});

test("a file that keeps its definitions gets the new one there, before the action; an AWS key declares the whole key pair", async () => {
  const target = file("src/actions/own-definitions.ts");
  const accessKey = "AKIAQWRTZUPLKJHGFDSY";
  writeFileSync(
    target,
    `import { defineAction } from "@keystrokehq/keystroke/action";\nimport { defineCredential } from "@keystrokehq/keystroke/credentials";\nimport { z } from "zod";\n\nconst slack = defineCredential({ key: "slack", fields: { bot: z.string() } });\n\nexport const upload = defineAction({\n  slug: "upload",\n  credentials: [slack] as const,\n  run: async (input, c) => [c.slack.bot, "${accessKey}"],\n});\n`,
  );
  await lsp.open(target);
  const { actions } = await moveAction(target, "KS031");
  const args = actions[0]!.command!.arguments![0] as MoveToCredentialArgs;
  assert.deepEqual([args.key, args.field], ["aws", "accessKeyId"]);
  await dev.client.put({ key: "aws", scope: "organization", fields: { accessKeyId: accessKey } });
  const result = (await lsp.connection.sendRequest(MOVE_TO_CREDENTIAL_EDIT_REQUEST, { uri: args.uri, range: args.range, key: "aws", field: "accessKeyId" })) as { edit?: WorkspaceEdit; error?: string };
  assert.equal(result.error, undefined);
  const touched = await apply(result.edit!);
  assert.deepEqual(touched.map((t) => path.relative(ws.dir, t)), ["src/actions/own-definitions.ts"], "no new file");
  parsesCleanly(target);
  const text = readFileSync(target, "utf8");
  assert.match(text, /export const aws = defineCredential\(\{ key: "aws", fields: \{ accessKeyId: z\.string\(\), secretAccessKey: z\.string\(\) \} \}\);\n\nexport const upload/);
  assert.match(text, /credentials: \[slack, aws\] as const,/);
  assert.match(text, /run: async \(input, c\) => \[c\.slack\.bot, c\.aws\.accessKeyId\]/);
  // The pair's other half is not stored yet: the analyzer says so (KS004), not KS031 or KS014.
  await lsp.waitForDiagnostics(target, (d) => !d.some((x) => x.code === "KS031" || x.code === "KS014") && d.some((x) => x.code === "KS004" && String(x.message).includes("secretAccessKey")));
});
