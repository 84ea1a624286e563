// An installation without this platform's keychain binary (a universal VSIX, an unsupported
// platform): the dev server bundle and @napi-rs/keyring's loader are staged without any
// `@napi-rs/keyring-<triple>` package. The server must start, list metadata, say in words what is
// missing and the two ways on, flag it in /health for the editor, and refuse value operations
// with that message (503), never crash.
import test, { after } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { DevServerClient } from "../../server/devserver/client";
import { ROOT, spawnServer, tempDir } from "./harness";

const staged = tempDir("ks-nobinary-");
after(() => rmSync(staged, { recursive: true, force: true }));

test("no keychain binary: the server starts, says what is missing and what to do, and refuses values with 503", async (t) => {
  mkdirSync(path.join(staged, "dist"), { recursive: true });
  cpSync(path.join(ROOT, "dist/devserver.js"), path.join(staged, "dist/devserver.js"));
  cpSync(path.join(ROOT, "dist/webview"), path.join(staged, "dist/webview"), { recursive: true });
  const loader = path.join(staged, "node_modules/@napi-rs/keyring");
  mkdirSync(loader, { recursive: true });
  for (const file of ["package.json", "index.js"]) cpSync(path.join(ROOT, "node_modules/@napi-rs/keyring", file), path.join(loader, file));

  const server = await spawnServer({ entry: [path.join(staged, "dist/devserver.js")] });
  t.after(() => server.stop());
  assert.match(server.stderr(), /This installation has no OS keychain module for linux-x64 \(.+\)\. Install the Keystroke Credentials build for your platform, or use the file backend/);

  const client = new DevServerClient({ host: "127.0.0.1", port: server.port, token: server.token });
  t.after(() => client.close());
  const health = await client.health();
  assert.equal(health.keychainModuleMissing, true);
  assert.match(health.secretsUnavailable ?? "", /no OS keychain module/);
  assert.deepEqual(await client.list(), []);
  await assert.rejects(client.put({ key: "exa", scope: "organization", fields: { apiKey: "v" } }), (error: Error & { status?: number }) => {
    assert.match(error.message, /no OS keychain module for linux-x64/);
    return true;
  });
  assert.equal(server.child.exitCode, null, "still running");
});

test("with the binary, /health does not flag it", async (t) => {
  const server = await spawnServer();
  t.after(() => server.stop());
  const client = new DevServerClient({ host: "127.0.0.1", port: server.port, token: server.token });
  t.after(() => client.close());
  assert.equal((await client.health()).keychainModuleMissing, undefined);
});
