// The coding agents' server through the official SDK's Client over stdio, as Claude Code or
// Cursor run it: tools listed with their schemas and read-only annotations, each tool called,
// every structuredContent valid against the declared output schema (the client checks it), and
// no secret value in anything the agent receives.
import test, { after, before } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const REPO = process.cwd();
const CLI = path.join(REPO, "dist/cli.js");
const FINDINGS = path.join(REPO, "test/fixtures/projects/findings");
const home = mkdtempSync(path.join(os.tmpdir(), "ks-mcp-home-"));
let client: Client;
let seen = "";

async function connect(args: string[]): Promise<Client> {
  const c = new Client({ name: "keystroke-test-agent", version: "1.0.0" });
  await c.connect(new StdioClientTransport({ command: process.execPath, args: [CLI, "mcp", ...args], env: { ...(process.env as Record<string, string>), KEYSTROKE_CREDENTIALS_HOME: home }, stderr: "pipe" }));
  return c;
}

/** Calls a tool and keeps everything the agent's side received, to search it for values later. */
async function call(name: string, args: Record<string, unknown> = {}, on = client) {
  const result = await on.callTool({ name, arguments: args });
  seen += JSON.stringify(result);
  return result as { isError?: boolean; structuredContent?: Record<string, unknown>; content: { type: string; text: string }[] };
}

before(async () => {
  client = await connect(["--root", FINDINGS, "--local-snapshot", path.join(FINDINGS, ".keystroke/local-snapshot.json"), "--cloud-snapshot", path.join(FINDINGS, ".keystroke/cloud-snapshot.json")]);
});

after(async () => {
  await client?.close();
  rmSync(home, { recursive: true, force: true });
});

test("lists three read-only tools and two writing ones, with input and output schemas; no tool takes a secret value", async () => {
  const { tools } = await client.listTools();
  assert.deepEqual(tools.map((t) => t.name).sort(), ["check", "credentials_status", "explain_credential", "push_credential", "request_credential"]);
  for (const tool of tools) {
    assert.equal(tool.annotations?.readOnlyHint, !/^(push|request)_/.test(tool.name), tool.name);
    assert.equal(tool.inputSchema.type, "object");
    assert.equal(tool.outputSchema?.type, "object", `${tool.name} declares an output schema`);
    assert.match(tool.description ?? "", /never returns secret values/);
    assert.ok(!Object.keys(tool.inputSchema.properties ?? {}).some((p) => /value|secret|password|token/i.test(p)), `${tool.name} takes no value`);
  }
});

test("credentials_status: each requirement per target, filters by file, key and problems", async () => {
  const all = await call("credentials_status");
  assert.equal(all.isError, undefined);
  const rows = all.structuredContent!.requirements as { file: string; line: number; key: string; action: string; targets: Record<string, { status: string; code?: string; fix?: string }> }[];
  assert.ok(rows.length >= 10, `${rows.length} requirements`);
  const missing = rows.find((r) => r.file === "src/actions/resolution.ts" && r.key === "missing");
  assert.deepEqual(missing?.targets.local?.status, "missing");
  assert.equal(missing?.targets.local?.code, "KS001");
  assert.match(missing?.targets.local?.fix ?? "", /Store the credential/);
  assert.equal(missing?.line, 7);
  assert.match(all.content[0]!.text, /^\d+ requirements; local: \d+ missing; cloud: \d+ missing\.$/);
  const byKey = await call("credentials_status", { key: "missing" });
  assert.ok((byKey.structuredContent!.requirements as unknown[]).length >= 1);
  const problems = await call("credentials_status", { problemsOnly: true, file: "src/actions/resolution.ts" });
  for (const r of problems.structuredContent!.requirements as typeof rows) {
    assert.equal(r.file, "src/actions/resolution.ts");
    assert.ok(Object.values(r.targets).some((t) => t.status !== "resolves"));
  }
});

test("explain_credential: by key or by file and line; definitions, actions, the run-time behaviour", async () => {
  const byKey = await call("explain_credential", { key: "missing" });
  const out = byKey.structuredContent as { key: string; definitions: { file: string }[]; requirements: { runtime: string; action: string }[] };
  assert.equal(out.key, "missing");
  assert.ok(out.definitions.length >= 1);
  assert.match(out.requirements[0]!.runtime, /project's default credential is used, else the organization's/);
  const byLine = await call("explain_credential", { file: "src/actions/resolution.ts", line: 7 });
  assert.equal((byLine.structuredContent as { key: string }).key, "missing");
  const nothing = await call("explain_credential", { key: "no-such-key" });
  assert.equal(nothing.isError, true);
  assert.match(nothing.content[0]!.text, /no definition or requirement of "no-such-key"/);
});

test("check: the same JSON as check --format json", async () => {
  const result = await call("check");
  const body = result.structuredContent as { version: number; diagnostics: { code: string }[]; exitCode: number };
  assert.equal(body.version, 2);
  assert.ok(body.diagnostics.some((d) => d.code === "KS001"));
  assert.equal(body.exitCode, 1);
  assert.match(result.content[0]!.text, /^\d+ errors, \d+ warnings; exit status 1\.$/);
});

test("a root that cannot be read answers not checked, with why; never a guess", async (t) => {
  const empty = mkdtempSync(path.join(os.tmpdir(), "ks-mcp-empty-"));
  t.after(() => rmSync(empty, { recursive: true, force: true }));
  const other = await connect(["--root", empty]);
  t.after(() => other.close());
  for (const name of ["credentials_status", "check"]) {
    const result = await call(name, {}, other);
    assert.equal(result.isError, true, name);
    assert.match(result.content[0]!.text, /^Not checked, because not a Keystroke project: .* has no keystroke\.config\.ts and no package\.json/);
  }
});

test("a local store that cannot be read: every requirement is not checked locally, with why, and the tools still answer", async (t) => {
  const store = mkdtempSync(path.join(os.tmpdir(), "ks-mcp-corrupt-"));
  t.after(() => rmSync(store, { recursive: true, force: true }));
  writeFileSync(path.join(store, "credentials.json"), "{ not json");
  const other = await connect(["--root", FINDINGS, "--local-store", store, "--cloud-snapshot", path.join(FINDINGS, ".keystroke/cloud-snapshot.json")]);
  t.after(() => other.close());
  const status = await call("credentials_status", {}, other);
  const out = status.structuredContent as { targets: { local: { state: string; reason: string } }; requirements: { targets: { local: { status: string }; cloud: { status: string } } }[] };
  assert.equal(out.targets.local.state, "unchecked");
  assert.match(out.targets.local.reason, /credentials\.json/);
  assert.ok(out.requirements.length > 0 && out.requirements.every((r) => r.targets.local.status === "not_checked"), "never missing: not checked");
  assert.ok(out.requirements.some((r) => r.targets.cloud.status === "missing"), "the cloud is still checked");
  const explained = await call("explain_credential", { key: "missing" }, other);
  assert.equal((explained.structuredContent as { requirements: { targets: { local: { status: string } } }[] }).requirements[0]!.targets.local.status, "not_checked");
});

test("nothing the agent received holds a secret value", async (t) => {
  // A project with a pasted key and a .env value: the agent sees only masked forms and names.
  const root = mkdtempSync(path.join(os.tmpdir(), "ks-mcp-secret-"));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const key = "sk_live_Q7wK2pZ9xL4mR8tV3nB6cH1j";
  const dotenv = "value-from-dotenv-9c1e";
  writeFileSync(path.join(root, "keystroke.config.ts"), "export default {};\n");
  writeFileSync(path.join(root, ".env"), `EXA_API_KEY=${dotenv}\n`);
  writeFileSync(path.join(root, "a.ts"), `import { defineAction } from "@keystrokehq/keystroke/action";\nexport const a = defineAction({ slug: "a", credentials: [], run: async () => [charge("${key}"), process.env.EXA_API_KEY] });\n`);
  const agent = await connect(["--root", root]);
  t.after(() => agent.close());
  const check = await call("check", {}, agent);
  assert.ok((check.structuredContent as { diagnostics: { code: string }[] }).diagnostics.some((d) => d.code === "KS031"));
  await call("credentials_status", {}, agent);
  assert.ok(!seen.includes(key.slice(4)), "not the pasted key");
  assert.ok(!seen.includes(dotenv), "not the .env value");
});
