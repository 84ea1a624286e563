// Workspace handling: several folders, a monorepo of nested projects, file changes reported by
// the client's watcher, the exclude setting, an oversized file, and shutdown/exit.
import assert from "node:assert/strict";
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { spawn } from "node:child_process";
import {
  createProtocolConnection,
  DidChangeWatchedFilesNotification,
  DidChangeWorkspaceFoldersNotification,
  ExitNotification,
  FileChangeType,
  InitializeRequest,
  IPCMessageReader,
  IPCMessageWriter,
  ShutdownRequest,
} from "vscode-languageserver-protocol/node";
import { REQUIREMENTS_REQUEST, RequirementsResult } from "../../server/core/schema";
import { LspClient, positionAt, ROOT, SERVER, tempWorkspace, uriOf } from "./lsp-client";

const basic = tempWorkspace("basic");
const mono = tempWorkspace("monorepo");
const alpha = path.join(mono.dir, "packages/alpha/src/alpha.ts");
const beta = path.join(mono.dir, "packages/beta/src/beta.ts");
let lsp: LspClient;

before(async () => {
  // Generated output over 2 MB: skipped with a single information message.
  writeFileSync(path.join(basic.dir, "src/generated.ts"), `export const blob = "${"x".repeat(2 * 1024 * 1024 + 10)}";\n`);
  lsp = await LspClient.start({ folders: [basic.dir, mono.dir], storeDir: basic.store });
});

after(async () => {
  await lsp.stop();
  basic.cleanup();
  mono.cleanup();
});

test("every folder and every nested project of a monorepo is indexed with its own config", async () => {
  await lsp.waitForDiagnostics(path.join(basic.dir, "src/actions/typo.ts"), (d) => d.some((x) => x.code === "KS010"));
  await lsp.waitForDiagnostics(alpha, (d) => d.some((x) => x.code === "KS010"));
  await lsp.waitForDiagnostics(beta, (d) => d.some((x) => x.code === "KS010"));
  const result = RequirementsResult.parse(await lsp.connection.sendRequest(REQUIREMENTS_REQUEST, {}));
  const roots = new Set(result.requirements.map((r) => r.root));
  assert.deepEqual([...roots].sort(), [basic.dir, path.join(mono.dir, "packages/alpha"), path.join(mono.dir, "packages/beta")].sort());
  const text = lsp.text(alpha);
  assert.match((await lsp.hover(alpha, positionAt(text, text.indexOf('key: "alpha-key"') + 6))) ?? "", /`alpha-key`/);
});

test("a file larger than 2 MB is skipped with one information message", async () => {
  await lsp.waitFor("a showMessage", () => lsp.messages.length > 0);
  assert.equal(lsp.messages.length, 1);
  assert.match(lsp.messages[0]?.message ?? "", /generated\.ts .*larger than 2 MB/);
});

test("files created, changed and deleted on disk follow the client's watcher", async () => {
  const extra = path.join(basic.dir, "src/actions/extra.ts");
  writeFileSync(extra, lsp.text(path.join(basic.dir, "src/actions/typo.ts")).replace(/ping/g, "extra"));
  await lsp.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uriOf(extra), type: FileChangeType.Created }] });
  await lsp.waitForDiagnostics(extra, (d) => d.some((x) => x.code === "KS010"));
  writeFileSync(extra, lsp.text(extra).replace('scope("org")', 'scope("organization")'));
  await lsp.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uriOf(extra), type: FileChangeType.Changed }] });
  await lsp.waitForDiagnostics(extra, (d) => !d.some((x) => x.code === "KS010"));
  writeFileSync(extra, lsp.text(extra).replace('scope("organization")', 'scope("usr")'));
  await lsp.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uriOf(extra), type: FileChangeType.Changed }] });
  await lsp.waitForDiagnostics(extra, (d) => d.some((x) => x.code === "KS010"));
  rmSync(extra);
  await lsp.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uriOf(extra), type: FileChangeType.Deleted }] });
  await lsp.waitForDiagnostics(extra, (d) => d.length === 0);
});

test("the exclude setting drops a project's files and their diagnostics without a restart", async () => {
  await lsp.changeSettings({ exclude: ["src/beta.ts"] });
  await lsp.waitForDiagnostics(beta, (d) => d.length === 0);
  assert.ok(lsp.codes(alpha).includes("KS010"), "alpha's file does not match the glob");
  await lsp.changeSettings({});
  await lsp.waitForDiagnostics(beta, (d) => d.some((x) => x.code === "KS010"));
});

test("a workspace folder removed by the client takes its diagnostics with it", async () => {
  await lsp.connection.sendNotification(DidChangeWorkspaceFoldersNotification.type, {
    event: { added: [], removed: [{ uri: uriOf(mono.dir), name: "monorepo" }] },
  });
  await lsp.waitForDiagnostics(alpha, (d) => d.length === 0);
  await lsp.connection.sendNotification(DidChangeWorkspaceFoldersNotification.type, {
    event: { added: [{ uri: uriOf(mono.dir), name: "monorepo" }], removed: [] },
  });
  await lsp.waitForDiagnostics(alpha, (d) => d.some((x) => x.code === "KS010"));
});

test("shutdown and exit end the process with code 0", async () => {
  await lsp.stop();
  assert.equal(lsp.child.exitCode, 0);
});

test("the server also runs over node IPC", async () => {
  const child = spawn(process.execPath, [SERVER, "--node-ipc"], { cwd: ROOT, stdio: ["ignore", "ignore", "pipe", "ipc"], env: { ...process.env, KEYSTROKE_CREDENTIALS_HOME: basic.store } });
  const connection = createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
  connection.listen();
  try {
    const result = await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, workspaceFolders: [], capabilities: {} });
    assert.equal(result.capabilities.hoverProvider, true);
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    await connection.sendRequest(ShutdownRequest.type);
    await connection.sendNotification(ExitNotification.type);
    assert.equal(await exited, 0);
  } finally {
    connection.dispose();
    child.kill();
  }
});
