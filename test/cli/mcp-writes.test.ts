// The coding agents' writing tools end to end, as an agent's client runs them: the SDK's Client
// over stdio spawns `keystroke-credentials mcp` in a project with no dev server running (so it
// starts one), and real Chromium plays the person on the page the elicited URL opens. The value
// arrives in the real keychain; declined and cancelled elicitations store nothing; the link works
// once; a client without URL mode gets the link as text; push_credential goes through the
// stand-in CLI after a form confirmation; and nothing the agent's side receives (results,
// notifications, elicitation requests, stderr) contains a value.
import test, { after, before } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { ElicitRequestSchema, type ElicitRequest, type ElicitResult } from "@modelcontextprotocol/sdk/types.js";
import { chromium, type Browser } from "playwright-core";
import { createStandIn, sha256, type StandIn } from "../cloud/standin";
import { secretToolLookup } from "../devserver/harness";

const CLI = path.join(process.cwd(), "dist/cli.js");
const VALUES = ["sk-exa-typed-by-person-1", "lin-typed-by-person-2", "sk-never-stored-3", "sk-exa-project-late-4"];

let standIn: StandIn;
let home: string;
let browser: Browser;
/** Everything the agent's side received, searched for values at the end. */
let seen = "";
const clients: Client[] = [];

type Elicit = (request: ElicitRequest["params"]) => Promise<ElicitResult>;

async function connect(capabilities: Record<string, unknown>, elicit?: Elicit, extraArgs: string[] = []): Promise<Client> {
  const client = new Client({ name: "test-agent", title: "Test Agent", version: "1.0.0" }, { capabilities });
  if (elicit) {
    client.setRequestHandler(ElicitRequestSchema, async (request) => {
      seen += JSON.stringify(request);
      return elicit(request.params);
    });
  }
  client.fallbackNotificationHandler = async (notification) => {
    seen += JSON.stringify(notification);
  };
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, "mcp", "--root", standIn.project, ...extraArgs],
    env: { ...(standIn.env as Record<string, string>), KEYSTROKE_CREDENTIALS_HOME: home },
    stderr: "pipe",
  });
  transport.stderr?.on("data", (chunk: Buffer) => (seen += chunk.toString()));
  await client.connect(transport);
  clients.push(client);
  return client;
}

async function call(client: Client, name: string, args: Record<string, unknown>) {
  const result = await client.callTool({ name, arguments: args });
  seen += JSON.stringify(result);
  return result as { isError?: boolean; structuredContent?: Record<string, unknown>; content: { type: string; text: string }[] };
}

/** The person: opens the link in a fresh tab, types the values, stores (or cancels). */
async function fillPage(url: string, values: Record<string, string>, action: "store" | "cancel" = "store"): Promise<string> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(url);
  await page.locator("main[aria-busy=false]").waitFor();
  for (const [name, value] of Object.entries(values)) await page.getByLabel(name).fill(value);
  await page.getByRole("button", { name: action === "store" ? "Store in keychain" : "Cancel request" }).click();
  const heading = page.getByRole("heading", { level: 2, name: action === "store" ? "Stored" : "Cancelled" });
  await heading.waitFor();
  const text = await page.locator("main").innerText();
  await page.context().close();
  return text;
}

before(async () => {
  home = mkdtempSync(path.join(os.tmpdir(), "ks-mcp-writes-"));
  standIn = createStandIn({ loggedIn: true, organization: "acme", credentials: [{ key: "linear", scope: "organization", fields: ["apiKey"], name: "Linear (old)", default: true }] });
  mkdirSync(path.join(standIn.project, "src/actions"), { recursive: true });
  writeFileSync(
    path.join(standIn.project, "src/credentials.ts"),
    `import { defineCredential } from "@keystrokehq/keystroke/credentials";\nimport { z } from "zod";\nexport const exa = defineCredential({ key: "exa", fields: { apiKey: z.string(), region: z.string().optional() } });\nexport const linear = defineCredential({ key: "linear", fields: { apiKey: z.string() } });\n`,
  );
  writeFileSync(
    path.join(standIn.project, "src/actions/search.ts"),
    `import { defineAction } from "@keystrokehq/keystroke/action";\nimport { exa, linear } from "../credentials";\nexport const search = defineAction({\n  slug: "search",\n  credentials: [exa.scope("organization"), linear] as const,\n  run: async (_input, { credentials }) => credentials.exa.apiKey + credentials.linear.apiKey,\n});\n`,
  );
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"] });
});

after(async () => {
  for (const c of clients) await c.close();
  await browser?.close();
  standIn?.cleanup();
  rmSync(home, { recursive: true, force: true });
});

test("a trusted server lists the writing tools; --untrusted only the read-only ones", async () => {
  const trusted = await connect({});
  const names = (await trusted.listTools()).tools.map((t) => t.name).sort();
  assert.deepEqual(names, ["check", "credentials_status", "explain_credential", "push_credential", "request_credential"]);
  const request = (await trusted.listTools()).tools.find((t) => t.name === "request_credential")!;
  assert.equal(request.annotations?.readOnlyHint, false);
  assert.match(request.description ?? "", /never to you: NEVER ask the person to paste a secret/);
  const untrusted = await connect({}, undefined, ["--untrusted"]);
  assert.deepEqual((await untrusted.listTools()).tools.map((t) => t.name).sort(), ["check", "credentials_status", "explain_credential"]);
});

test("URL mode: the person fills the elicited page in Chromium; the value arrives in the keychain, the agent gets metadata", async () => {
  let filled: Promise<string> | undefined;
  const client = await connect({ elicitation: { url: {}, form: {} } }, async (params) => {
    assert.equal(params.mode, "url");
    // Accepting only means the person agreed to open the page; they fill it in afterwards.
    filled = fillPage((params as { url: string }).url, { apiKey: VALUES[0]! });
    return { action: "accept" };
  });
  const before = await call(client, "credentials_status", { key: "exa" });
  const row = (before.structuredContent!.requirements as { targets: { local: { status: string } } }[])[0]!;
  // No store exists yet, so the local target is honestly "not checked" rather than "missing".
  assert.equal(row.targets.local.status, "not_checked");

  const answer = await call(client, "request_credential", { key: "exa" });
  assert.equal(answer.isError, undefined, answer.content[0]?.text);
  const out = answer.structuredContent as { status: string; scope: string; entry: { id: string; fields: string[] }; url?: string };
  assert.equal(out.status, "stored");
  assert.equal(out.scope, "organization", "the pin's scope");
  assert.equal(out.url, undefined, "the link went to the person through the client, not into the result");
  assert.deepEqual(out.entry.fields, ["apiKey"]);
  assert.match(await filled!, /is in your keychain at the organization scope/);
  assert.equal(JSON.parse(secretToolLookup(out.entry.id) ?? "null").apiKey, VALUES[0]);

  const after = await call(client, "credentials_status", { key: "exa" });
  assert.equal((after.structuredContent!.requirements as typeof row[])[0]!.targets.local.status, "resolves");
});

test("declined and cancelled elicitations store nothing, and their links no longer open the form", async () => {
  const links: string[] = [];
  let reply: ElicitResult["action"] = "decline";
  const client = await connect({ elicitation: { url: {} } }, async (params) => {
    links.push((params as { url: string }).url);
    return { action: reply };
  });
  const declined = await call(client, "request_credential", { key: "linear" });
  assert.equal((declined.structuredContent as { status: string }).status, "declined");
  reply = "cancel";
  const cancelled = await call(client, "request_credential", { key: "linear" });
  assert.equal((cancelled.structuredContent as { status: string }).status, "cancelled");
  for (const link of links) {
    const page = await (await browser.newContext()).newPage();
    await page.goto(link);
    await page.getByText("no longer works").first().waitFor();
    await page.context().close();
  }
});

test("the person cancels on the page: the tool answers cancelled", async () => {
  const client = await connect({ elicitation: { url: {} } }, async (params) => {
    void fillPage((params as { url: string }).url, {}, "cancel");
    return { action: "accept" };
  });
  const answer = await call(client, "request_credential", { key: "linear" });
  assert.equal((answer.structuredContent as { status: string }).status, "cancelled");
});

test("no URL mode: the link comes back as text for the person, good once; the request id tells the outcome", async () => {
  const client = await connect({});
  const answer = await call(client, "request_credential", { key: "linear" });
  const out = answer.structuredContent as { status: string; url: string; requestId: string; scope: string };
  assert.equal(out.status, "pending");
  assert.equal(out.scope, "project", "unpinned with a project in keystroke.config.ts");
  assert.match(answer.content[0]!.text, /Give the person this link/);
  assert.match(await fillPage(out.url, { apiKey: VALUES[1]! }), /Stored/);
  const later = await call(client, "request_credential", { requestId: out.requestId });
  const state = later.structuredContent as { status: string; entry: { id: string } };
  assert.equal(state.status, "stored");
  assert.equal(JSON.parse(secretToolLookup(state.entry.id) ?? "null").apiKey, VALUES[1]);

  // A second use of the link (it passed through the model and its logs) opens nothing.
  const page = await (await browser.newContext()).newPage();
  const response = await page.goto(out.url);
  assert.equal(response?.status(), 410);
  await page.getByText("no longer works").first().waitFor();
  await page.context().close();
});

test("while the person takes their time: progress notifications, then pending past the budget; the request id tells the outcome later", async () => {
  let url = "";
  const client = await connect({ elicitation: { url: {} } }, async (params) => {
    url = (params as { url: string }).url;
    return { action: "accept" };
  }, ["--wait", "3"]);
  const progress: string[] = [];
  const result = (await client.callTool({ name: "request_credential", arguments: { key: "exa", scope: "project" } }, undefined, { onprogress: (p) => void progress.push(p.message ?? "") })) as unknown as { structuredContent: { status: string; requestId: string } };
  seen += JSON.stringify(result) + JSON.stringify(progress);
  assert.equal(result.structuredContent.status, "pending");
  assert.ok(progress.length >= 1 && progress.every((m) => /waiting for the person to store "exa"/.test(m)), JSON.stringify(progress));
  await fillPage(url, { apiKey: VALUES[3]! });
  const later = await call(client, "request_credential", { requestId: result.structuredContent.requestId });
  assert.equal((later.structuredContent as { status: string }).status, "stored");
});

test("refuses what it cannot ask for honestly: an unknown key, a call without a key (pins and apps: test/core/credential-request-plan)", async () => {
  const client = await connect({ elicitation: { url: {} } }, async () => ({ action: "decline" }));
  const unknown = await call(client, "request_credential", { key: "nope" });
  assert.equal(unknown.isError, true);
  assert.match(unknown.content[0]!.text, /neither defined nor required/);
  const noKey = await call(client, "request_credential", {});
  assert.equal(noKey.isError, true);
});

test("push_credential: the person confirms in a form that says whether the cloud has the key; values reach only the CLI", async () => {
  const prompts: string[] = [];
  let confirm = false;
  const client = await connect({ elicitation: { form: {} } }, async (params) => {
    prompts.push(params.message);
    return { action: "accept", content: { push: confirm } };
  });
  const refused = await call(client, "push_credential", { key: "linear" });
  assert.equal((refused.structuredContent as { status: string }).status, "declined");
  assert.equal(standIn.calls().filter((c) => c.argv.includes("set")).length, 0, "nothing pushed without a yes");
  confirm = true;
  const ambiguous = await call(client, "push_credential", { key: "exa" });
  assert.match(ambiguous.content[0]!.text, /is stored at organization and project support-bot; pass scope/);
  const pushed = await call(client, "push_credential", { key: "exa", scope: "organization" });
  assert.equal(pushed.isError, undefined, pushed.content[0]?.text);
  const out = pushed.structuredContent as { status: string; cloudHadKey: boolean | null; target: { scope: string } };
  assert.equal(out.status, "pushed");
  assert.equal(out.cloudHadKey, false);
  assert.match(prompts.at(-1)!, /The cloud has no “exa” at organization; pushing creates it/);
  const stored = standIn.readState().credentials?.find((c) => c.key === "exa");
  assert.equal(stored?.received?.apiKey?.sha256, sha256(VALUES[0]!), "the CLI received the value");

  const noElicitation = await connect({});
  const without = await call(noElicitation, "push_credential", { key: "exa" });
  assert.equal(without.isError, true);
  assert.match(without.content[0]!.text, /cannot ask for it .*Push Credential to Cloud/);
});

test("a store the dev server cannot open answers why and stores nothing", async () => {
  const file = path.join(home, "not-a-dir");
  writeFileSync(file, "x");
  const client = await connect({ elicitation: { url: {} } }, async () => ({ action: "accept" }), ["--local-store", file]);
  const answer = await call(client, "request_credential", { key: "exa" });
  assert.equal(answer.isError, true);
  assert.match(answer.content[0]!.text, /^Nothing was stored: /);
});

test("nothing the agent's side received holds a value", () => {
  assert.ok(seen.length > 1000, "the test saw the traffic");
  for (const value of VALUES) assert.ok(!seen.includes(value), `${value} reached the agent's side`);
});
