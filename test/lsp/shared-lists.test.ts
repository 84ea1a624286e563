// Shared credential lists over a real LSP connection: actions that spread or name a list kept in
// another module are traced through it, an edit of that module re-publishes every action that
// uses it (within the incremental latency), and an action whose credentials object escapes says
// in its hover why undeclared reads are not checked, instead of guessing.
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, test } from "node:test";
import { CodeActionRequest, type CodeAction } from "vscode-languageserver-protocol/node";
import { LspClient, tempWorkspace, uriOf } from "./lsp-client";

const ws = tempWorkspace("shared");
const file = (rel: string) => path.join(ws.dir, rel);
let lsp: LspClient;

before(async () => {
  lsp = await LspClient.start({ folders: [ws.dir], storeDir: ws.store });
});

after(async () => {
  await lsp.stop();
  ws.cleanup();
});

test("actions using a shared list read 'linear' undeclared until the list module adds it", async () => {
  await lsp.waitForDiagnostics(file("src/actions/one.ts"), (d) => d.some((x) => x.code === "KS014"));
  await lsp.waitForDiagnostics(file("src/actions/two.ts"), (d) => d.some((x) => x.code === "KS014"));
  assert.deepEqual(lsp.codes(file("src/helpers.ts")), [], "electron-log's scope() is not ours");
  assert.deepEqual(lsp.codes(file("src/actions/escapes.ts")), [], "the credentials object escapes: undeclared reads are not checked");

  const lists = file("src/lists.ts");
  await lsp.open(lists);
  const started = performance.now();
  await lsp.replace(lists, "[exa]", "[exa, linear]");
  await lsp.waitForDiagnostics(file("src/actions/one.ts"), (d) => !d.some((x) => x.code === "KS014"));
  await lsp.waitForDiagnostics(file("src/actions/two.ts"), (d) => !d.some((x) => x.code === "KS014"));
  const elapsed = performance.now() - started;
  assert.ok(elapsed < 2000, `dependants re-published in ${elapsed.toFixed(0)} ms`);

  // And back: the dependants' errors return.
  await lsp.replace(lists, "[exa, linear]", "[exa]");
  await lsp.waitForDiagnostics(file("src/actions/one.ts"), (d) => d.some((x) => x.code === "KS014"));
  await lsp.waitForDiagnostics(file("src/actions/two.ts"), (d) => d.some((x) => x.code === "KS014"));
});

test("the hover of an action whose credentials escape says why its reads are not checked", async () => {
  const escapes = file("src/actions/escapes.ts");
  await lsp.open(escapes);
  const text = lsp.text(escapes);
  const offset = text.indexOf("slug");
  const line = text.slice(0, offset).split("\n").length - 1;
  const hover = await lsp.hover(escapes, { line, character: 3 });
  assert.match(hover ?? "", /not checked, because "creds" is passed on or used as a whole/);
});

test("the hover of an action with a traced list says its reads are checked", async () => {
  const one = file("src/actions/one.ts");
  await lsp.open(one);
  const text = lsp.text(one);
  const line = text.slice(0, text.indexOf("slug")).split("\n").length - 1;
  assert.match((await lsp.hover(one, { line, character: 3 })) ?? "", /Declares `exa`[\s\S]*checked\./);
});

test("a fix inside a shared list names in its title how many actions it changes", async () => {
  const lists = file("src/lists.ts");
  await lsp.open(lists);
  const diagnostics = await lsp.waitForDiagnostics(lists, (d) => d.some((x) => x.code === "KS010"));
  const diagnostic = diagnostics.find((d) => d.code === "KS010")!;
  const actions = (await lsp.connection.sendRequest(CodeActionRequest.type, {
    textDocument: { uri: uriOf(lists) },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic] },
  })) as CodeAction[];
  assert.deepEqual(actions.map((a) => a.title), ['Change the scope to "organization" (in a shared list: changes 2 actions)']);
});
