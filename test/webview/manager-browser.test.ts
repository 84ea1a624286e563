// The credential manager UI in real Chromium, served by a real dev server in browser mode (the
// same bundle the VS Code view loads), on the real keychain, pushing to the stand-in CLI. Covers
// add / edit / rotate / rename / default / reveal (+ re-mask) / delete / push / import, validation,
// live updates, keyboard-only use, accessible names, CSP, and light/dark screenshots.
import test, { after, before } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { DevServerClient } from "../../server/devserver/client";
import { createStandIn, sha256, type StandIn } from "../cloud/standin";
import { removeDir, spawnServer, type Spawned } from "../devserver/harness";

const CHROMIUM = "/usr/bin/chromium";
const RESULTS = path.join(process.cwd(), "test-results");
const SECRET = "sk-live-first-value-1234";
const SEARCH_ACTION = `import { defineCredential } from "@keystrokehq/keystroke/credentials";
import { defineAction } from "@keystrokehq/keystroke/action";
import { z } from "zod";

export const exa = defineCredential({ key: "exa", fields: { apiKey: z.string() } });

export const search = defineAction({
  slug: "search",
  credentials: [exa] as const,
  async run(input, creds) {
    return creds.exa.apiKey;
  },
});
`;
const ROTATED = "sk-rotated-second-5678";

let standIn: StandIn;
let server: Spawned;
let client: DevServerClient;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const problems: string[] = [];

before(async () => {
  standIn = createStandIn({ credentials: [{ id: "cred_slack", key: "slack", scope: "organization", fields: ["token"] }] });
  // The code the dev server analyzes for "Required by code but missing": one action that needs exa.
  mkdirSync(path.join(standIn.project, "src"));
  writeFileSync(path.join(standIn.project, "src/search.ts"), SEARCH_ACTION);
  server = await spawnServer({ args: ["--root", standIn.project], env: standIn.env });
  client = new DevServerClient({ host: "127.0.0.1", port: server.port, token: server.token });
  // launch() gives every run a fresh temporary profile of its own.
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  context = await browser.newContext({ colorScheme: "light", viewport: { width: 900, height: 1000 } });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: `http://127.0.0.1:${server.port}` });
  page = await context.newPage();
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error" && /Content Security Policy|Refused to/.test(m.text())) problems.push(`csp: ${m.text()}`);
  });
  // Fake timers only for the 30 s re-mask; fetch and EventSource keep running for real.
  await page.clock.install();
  await page.goto(server.link);
  await page.getByRole("heading", { name: "Credentials", level: 1 }).waitFor();
  await page.locator("main[aria-busy=false]").waitFor();
});

after(async () => {
  await browser?.close();
  client?.close();
  await server?.stop();
  if (server) removeDir(server.storeDir);
  standIn?.cleanup();
});

const card = (key: string) => page.locator(`[data-section=local] li[data-key="${key}"]`);
const dialog = () => page.locator("dialog[open]");

/** Said in the live region for screen readers, and shown as a toast for everyone else. */
async function announced(text: string | RegExp): Promise<void> {
  await page.locator("#live", { hasText: text }).waitFor();
  await page.locator("#toast", { hasText: text }).waitFor({ state: "visible" });
}

test("the link's code left the address bar, and the browser holds no cookie", async () => {
  assert.equal(new URL(page.url()).search, "");
  assert.deepEqual(await context.cookies(), []);
});

/** The Local or Cloud status chip of a "Required by code but missing" card. */
const missingChip = (key: string, target: "Local" | "Cloud") => page.locator(`[aria-label="Missing credentials"] li[data-key="${key}"] .chip`, { hasText: `${target}:` });

test("empty store: cloud names from the stand-in CLI, and the code's requirement missing in both", async () => {
  await page.getByText("No credentials stored yet").waitFor();
  await page.locator("[data-section=cloud] li", { hasText: "slack" }).waitFor();
  await page.locator('[aria-label="Missing credentials"] li[data-key="exa"]', { hasText: "search" }).waitFor();
  await page.locator('[aria-label="Missing credentials"] li[data-key="exa"]', { hasText: "Fields: apiKey" }).waitFor();
  assert.equal(await missingChip("exa", "Local").getAttribute("data-status"), "missing");
  // The cloud listing arrived (slack above), so the cloud side was checked too: exa is not there.
  await page.locator('[aria-label="Missing credentials"] li[data-key="exa"] .chip[data-status="missing"]', { hasText: "Cloud:" }).waitFor();
  // Which project the page resolves for: the dev server's --root config names it.
  await page.locator(".project-line", { hasText: "Resolves for project support-bot" }).waitFor();
  assert.equal(await page.getByRole("button", { name: "Change project…" }).count(), 0, "a browser page belongs to one dev server: no picker");
});

test("validation errors appear next to the input, and nothing is saved", async () => {
  await page.getByRole("button", { name: "Add credential…" }).click();
  await dialog().getByLabel("Key", { exact: true }).fill("not a key!");
  await dialog().getByLabel("Field value (secret)").fill(SECRET);
  await dialog().getByRole("button", { name: "Save" }).click();
  const key = dialog().getByLabel("Key", { exact: true });
  await dialog().getByText("use letters, digits").waitFor();
  assert.equal(await key.getAttribute("aria-invalid"), "true");
  await key.fill("");
  await dialog().getByLabel("Field value (secret)").fill("");
  await dialog().getByRole("button", { name: "Save" }).click();
  await dialog().getByText("a credential key cannot be empty").waitFor();
  await dialog().getByRole("button", { name: "Cancel" }).click();
  assert.equal(await dialog().count(), 0);
  assert.deepEqual(await client.list(), []);
});

test("add: values go to the store, never into the page", async () => {
  await page.getByRole("button", { name: "Add credential…" }).click();
  await dialog().getByLabel("Key", { exact: true }).fill("exa");
  await dialog().getByLabel("Field value (secret)").fill(SECRET);
  await dialog().getByLabel("Display name (optional)").fill("Exa search");
  await dialog().getByRole("button", { name: "Save" }).click();
  await card("exa").waitFor();
  await announced(/Saved exa/);
  const [entry] = await client.list();
  assert.equal(entry?.key, "exa");
  assert.equal(entry?.default, false, "\"Make this the default\" left unticked means not the default");
  assert.equal(entry?.scope, "project");
  assert.equal(entry?.project, "support-bot");
  assert.equal((await client.reveal(entry!.id)).fields.apiKey, SECRET);
  assert.ok(!(await page.content()).includes(SECRET), "the value is not in the DOM after saving");
  await card("exa").getByText("Exa search").waitFor();
  // The store's change event makes the page ask for the requirements again: exa resolves locally.
  await page.locator('[aria-label="Missing credentials"] li[data-key="exa"] .chip[data-status="resolved"]', { hasText: "Local:" }).waitFor();
  // A dialog that only shows something has one way out.
  await card("exa").getByRole("button", { name: /Show the code that uses exa/ }).click();
  await dialog().getByRole("button", { name: "Close" }).waitFor();
  assert.equal(await dialog().getByRole("button", { name: "Cancel" }).count(), 0);
  await dialog().getByRole("button", { name: "Close" }).click();
  assert.equal(await dialog().count(), 0);
});

test("relative times are never blank and move on while the page stays open", async () => {
  const time = card("exa").locator("time[data-relative]");
  assert.match((await time.innerText()).trim(), /^updated (just now|1 minute ago)$/);
  await page.clock.fastForward(5 * 60_000);
  await card("exa").locator("time[data-relative]", { hasText: /^updated 5 minutes ago$/ }).waitFor();
});

test("reveal shows the value, then masks it again after 30 seconds; state never holds it", async () => {
  await card("exa").getByRole("button", { name: /Reveal the values of exa/ }).click();
  await card("exa").locator("code.revealed", { hasText: SECRET }).waitFor();
  const state = await page.evaluate(() => JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }));
  assert.ok(!state.includes(SECRET), "no secret in web storage");
  await page.clock.fastForward(29_000);
  assert.equal(await card("exa").locator("code.revealed").count(), 1, "still shown before 30 s");
  await page.clock.fastForward(1_500);
  await card("exa").locator("code.revealed").waitFor({ state: "detached" });
  assert.ok(!(await page.content()).includes(SECRET), "masked again");
  await announced("Values hidden again");
});

test("rotate a field, rename, edit and set default", async () => {
  await card("exa").getByRole("button", { name: /Rotate a field of exa/ }).click();
  await dialog().getByLabel("New value (secret)").fill(ROTATED);
  await dialog().getByRole("button", { name: "Rotate" }).click();
  await announced(/Rotated apiKey/);
  const [entry] = await client.list();
  assert.equal((await client.reveal(entry!.id)).fields.apiKey, ROTATED);

  await card("exa").getByRole("button", { name: /^Rename exa/ }).click();
  await dialog().getByLabel("Display name").fill("");
  await dialog().getByRole("button", { name: "Rename" }).click();
  await dialog().getByText("Enter a name.").waitFor();
  await dialog().getByLabel("Display name").fill("Exa (team)");
  await dialog().getByRole("button", { name: "Rename" }).click();
  await card("exa").getByText("Exa (team)").waitFor();

  await card("exa").getByRole("button", { name: /^Edit exa/ }).click();
  await dialog().getByLabel("apiKey (secret)").fill("sk-edited-third-9999");
  await dialog().getByLabel("Display name").fill("Exa (edited)");
  await dialog().getByRole("button", { name: "Save changes" }).click();
  await announced(/Saved exa "Exa \(edited\)"/);
  assert.equal((await client.reveal(entry!.id)).fields.apiKey, "sk-edited-third-9999");

  const wasDefault = (await client.list())[0]!.default;
  await card("exa").getByRole("button", { name: new RegExp(`^${wasDefault ? "Unset" : "Set"} exa`) }).click();
  await announced(wasDefault ? /no longer the default/ : /now the default/);
  assert.equal((await client.list())[0]!.default, !wasDefault);
});

test("copy CLI gives an @env: command, never the value", async () => {
  await card("exa").getByRole("button", { name: /Copy a keystroke CLI command for exa/ }).click();
  await announced(/Copied/);
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, "keystroke credentials set exa --set apiKey=@env:EXA_API_KEY --scope project --project-slug support-bot");
});

test("push to the cloud through the stand-in CLI (organization scope)", async () => {
  await card("exa").getByRole("button", { name: /^Push exa/ }).click();
  await dialog().getByLabel("Scope").selectOption("organization");
  await dialog().getByRole("button", { name: "Push" }).click();
  await announced(/Pushed exa to organization/);
  const pushed = standIn.readState().credentials?.find((c) => c.key === "exa" && c.scope === "organization");
  assert.ok(pushed, "the stand-in received the credential");
  assert.equal(pushed.received?.apiKey?.sha256, sha256("sk-edited-third-9999"));
  assert.ok(!standIn.logText().includes("sk-edited-third-9999"), "the value never reached argv");
  await page.locator("[data-section=cloud] li", { hasText: "exa" }).waitFor();
});

test("pushing where the cloud has the key asks first, showing what is there; Cancel pushes nothing", async () => {
  const sets = () => standIn.calls().filter((c) => c.argv.includes("set")).length;
  const before = sets();
  await card("exa").getByRole("button", { name: /^Push exa/ }).click();
  await dialog().getByLabel("Scope").selectOption("organization");
  await dialog().getByRole("button", { name: "Push" }).click();
  await dialog().getByRole("heading", { name: "Update exa in the cloud?" }).waitFor();
  assert.match(await dialog().innerText(), /The cloud already has “exa” at organization: “exa” \(default\), fields apiKey, listed .*Pushing updates it/);
  await dialog().getByRole("button", { name: "Cancel" }).click();
  await page.locator("dialog[open]").waitFor({ state: "detached" });
  assert.equal(sets(), before, "nothing was pushed");
});

test("import from .env: only the mapped variables are stored", async () => {
  await page.getByRole("button", { name: "Import from .env…" }).click();
  await dialog().getByLabel(".env contents").fill("ACME_TOKEN=acme-secret-value\nDEBUG=1\n");
  // Neither names a required key and field of this project's code: nothing is checked for the person.
  assert.equal(await dialog().getByRole("checkbox", { name: "Import DEBUG" }).isChecked(), false);
  assert.equal(await dialog().getByRole("checkbox", { name: "Import ACME_TOKEN" }).isChecked(), false);
  await dialog().getByRole("checkbox", { name: "Import ACME_TOKEN" }).check();
  assert.equal(await dialog().getByRole("textbox", { name: "Credential key for ACME_TOKEN" }).inputValue(), "acme");
  assert.equal(await dialog().getByRole("textbox", { name: "Field for ACME_TOKEN" }).inputValue(), "token");
  await dialog().getByRole("button", { name: "Import" }).click();
  await card("acme").waitFor();
  await announced(/Imported 1 value into 1 credential/);
  const acme = (await client.list()).find((e) => e.key === "acme")!;
  assert.deepEqual((await client.reveal(acme.id)).fields, { token: "acme-secret-value" });
  assert.equal((await client.list()).some((e) => e.key === "debug"), false);
});

test("push selected from the local-versus-cloud comparison", async () => {
  const box = page.getByRole("checkbox", { name: /Select acme .* for push/ });
  await box.check();
  await page.getByRole("button", { name: "Push selected (1)" }).click();
  await dialog().getByText("Creates: acme (project support-bot).").waitFor();
  await dialog().getByRole("button", { name: "Push", exact: true }).click();
  await announced(/Pushed acme/);
  assert.ok(standIn.readState().credentials?.some((c) => c.key === "acme" && c.scope === "project" && c.project === "support-bot"));
});

test("live: a change made elsewhere appears without a reload", async () => {
  await client.put({ key: "live-key", scope: "user", fields: { apiKey: "live-secret" } });
  await card("live-key").waitFor();
  await page.locator("[data-section=local] h3", { hasText: "User" }).waitFor();
});

test("a change arriving while the person works: the focused button, its card and the scroll stay; each part's own styles apply under the CSP", async () => {
  await page.setViewportSize({ width: 900, height: 400 });
  const rename = card("exa").getByRole("button", { name: /^Rename exa/ });
  await rename.focus();
  const y = await page.evaluate(() => (window.scrollTo(0, 120), window.scrollY));
  const focused = await page.evaluateHandle(() => document.activeElement);
  const put = await client.put({ key: "arriving", scope: "organization", fields: { apiKey: "v-arriving" } });
  await card("arriving").waitFor();
  // The same element, not a look-alike put in its place: nothing around it was rebuilt.
  assert.equal(await page.evaluate((node) => document.activeElement === node && node !== null && node.isConnected, focused), true, "focus stayed on the same button");
  assert.equal(await page.evaluate(() => window.scrollY), y, "the page did not jump");
  const styles = await page.evaluate(() => ({
    card: getComputedStyle(document.querySelector("ks-entry-card")!).display,
    fields: getComputedStyle(document.querySelector("ks-entry-card .fields")!).display,
    toolbar: getComputedStyle(document.querySelector("ks-credential-manager .toolbar")!).display,
  }));
  assert.deepEqual(styles, { card: "contents", fields: "grid", toolbar: "flex" });
  await client.remove(put.id);
  await card("arriving").waitFor({ state: "detached" });
  await page.setViewportSize({ width: 900, height: 1000 });
});

test("delete asks first, then removes the entry", async () => {
  await card("live-key").getByRole("button", { name: /^Delete live-key/ }).click();
  await dialog().getByRole("heading", { name: /Delete live-key/ }).waitFor();
  await dialog().getByRole("button", { name: "Cancel" }).click();
  assert.equal(await card("live-key").count(), 1, "cancel keeps it");
  await card("live-key").getByRole("button", { name: /^Delete live-key/ }).click();
  await dialog().getByRole("button", { name: "Delete" }).click();
  await card("live-key").waitFor({ state: "detached" });
  assert.equal((await client.list()).some((e) => e.key === "live-key"), false);
});

test("keyboard only: tab to Add, fill the form, submit with Enter; focus is visible", async () => {
  await page.locator("body").click({ position: { x: 1, y: 1 } });
  let found = false;
  for (let i = 0; i < 40 && !found; i++) {
    await page.keyboard.press("Tab");
    found = await page.evaluate(() => document.activeElement?.textContent === "Add credential…");
  }
  assert.ok(found, "Add credential… is reachable with Tab");
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
  assert.notEqual(outline, "none", "the focused button shows a focus outline");
  await page.keyboard.press("Enter");
  await dialog().waitFor();
  assert.equal(await page.evaluate(() => (document.activeElement as HTMLInputElement).name), "key", "focus starts in the first input");
  await page.keyboard.type("kbd-key");
  await page.keyboard.press("Tab"); // scope
  await page.keyboard.press("Tab"); // project slug
  await page.keyboard.press("Tab"); // field name
  await page.keyboard.press("Tab"); // field value
  await page.keyboard.type("kbd-secret-value");
  await page.keyboard.press("Enter");
  // The card can appear (from the store's change event) just before the dialog closes.
  await card("kbd-key").waitFor();
  await dialog().waitFor({ state: "detached" });
  // Escape closes a dialog and focus returns to the opener. A re-render (the store's change event
  // refreshes the list and the requirements) can replace the button while it is being focused;
  // focus lands on the page then, so focus again until the button has it.
  const renameFocused = () => page.evaluate(() => /^Rename kbd-key/.test(document.activeElement?.getAttribute("aria-label") ?? ""));
  for (let attempt = 0; attempt < 5 && !(await renameFocused()); attempt++) await card("kbd-key").getByRole("button", { name: /^Rename kbd-key/ }).focus();
  assert.ok(await renameFocused(), "the Rename button has the focus");
  await page.keyboard.press("Enter");
  await dialog().waitFor();
  await page.keyboard.press("Escape");
  await dialog().waitFor({ state: "detached" });
  assert.match(await page.evaluate(() => document.activeElement?.getAttribute("aria-label") ?? ""), /^Rename kbd-key/);
});

/** Interactive roles from Chromium's accessibility tree that lack a name. */
async function unnamedControls(): Promise<string[]> {
  const cdp = await context.newCDPSession(page);
  const { nodes } = (await cdp.send("Accessibility.getFullAXTree")) as {
    nodes: { ignored: boolean; role?: { value: string }; name?: { value: string } }[];
  };
  await cdp.detach();
  const interactive = new Set(["button", "link", "textbox", "checkbox", "combobox", "radio", "listbox", "menuitem", "switch", "tab", "spinbutton", "searchbox"]);
  return nodes
    .filter((n) => !n.ignored && interactive.has(n.role?.value ?? ""))
    .filter((n) => (n.name?.value ?? "").trim() === "")
    .map((n) => n.role!.value);
}

test("every control has an accessible name (page and dialogs)", async () => {
  assert.deepEqual(await unnamedControls(), []);
  await page.getByRole("button", { name: "Import from .env…" }).click();
  await dialog().getByLabel(".env contents").fill("A_B=1\n");
  assert.deepEqual(await unnamedControls(), []);
  await page.keyboard.press("Escape");
  await page.getByRole("button", { name: "Add credential…" }).click();
  assert.deepEqual(await unnamedControls(), []);
  await page.keyboard.press("Escape");
});

test("light and dark themes: screenshots, with the theme's own colours", async () => {
  mkdirSync(RESULTS, { recursive: true });
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.emulateMedia({ colorScheme: "light" });
  const light = await background();
  await page.screenshot({ path: path.join(RESULTS, "webview-light.png"), fullPage: true });
  await page.emulateMedia({ colorScheme: "dark" });
  const dark = await background();
  await page.screenshot({ path: path.join(RESULTS, "webview-dark.png"), fullPage: true });
  assert.notEqual(light, dark);
  assert.equal(light, "rgb(255, 255, 255)");
});

test("the Set form follows the definition: optional fields may stay empty, plainly non-secret ones are not masked, focus on the first empty value", async () => {
  writeFileSync(
    path.join(standIn.project, "src/tickets.ts"),
    `import { defineCredential } from "@keystrokehq/keystroke/credentials";\nimport { defineAction } from "@keystrokehq/keystroke/action";\nimport { z } from "zod";\nexport const zendesk = defineCredential({ key: "zendesk", fields: { apiToken: z.string(), subdomain: z.string(), agentEmail: z.string().optional() } });\nexport const answer = defineAction({ slug: "answer", credentials: [zendesk] as const });\n`,
  );
  await page.getByRole("button", { name: "Refresh", exact: true }).click();
  await page.getByRole("button", { name: /^Set zendesk/ }).click();
  const token = dialog().getByLabel("apiToken (secret)");
  assert.equal(await token.getAttribute("type"), "password");
  assert.equal(await dialog().getByLabel("subdomain", { exact: true }).getAttribute("type"), "text", "a subdomain is not a secret");
  assert.equal(await dialog().getByLabel("agentEmail (optional, secret)").getAttribute("type"), "password", "only exact non-secret names are shown");
  assert.equal(await token.evaluate((el) => el === document.activeElement), true, "focus on the first empty value");
  await token.fill("zd-token-value-77");
  await dialog().getByLabel("subdomain", { exact: true }).fill("acme");
  await dialog().getByRole("button", { name: "Save" }).click();
  await announced(/Saved zendesk/);
  const entry = (await client.list()).find((e) => e.key === "zendesk");
  assert.deepEqual(entry?.fields.sort(), ["apiToken", "subdomain"], "the optional field left empty is not stored");
});

test("a 300 px sidebar: the missing list, the cards and the Set form fit without sideways scrolling; an OAuth app offers its connect command, not a form", async () => {
  writeFileSync(
    path.join(standIn.project, "src/github.ts"),
    `import { credential } from "@keystrokehq/keystroke/credentials";\nimport { defineAction } from "@keystrokehq/keystroke/action";\nexport const github = credential.oauth({ key: "github" });\nexport const issues = defineAction({ slug: "issues", credentials: [github] as const });\n`,
  );
  const size = page.viewportSize();
  await page.setViewportSize({ width: 300, height: 800 });
  try {
    await page.getByRole("button", { name: "Refresh", exact: true }).click();
    const card = page.locator('[data-section="missing"] li.card[data-key="github"]');
    await card.waitFor();
    assert.equal(await card.getByRole("button", { name: /^Set github/ }).count(), 0, "no apiKey form for an OAuth app");
    await card.getByRole("button", { name: "Copy keystroke connect github" }).click();
    await announced(/Copied: keystroke connect github/);
    const overflow = () => page.evaluate(() => [...document.querySelectorAll<HTMLElement>("main, main *, dialog[open], dialog[open] *")].filter((el) => !el.classList.contains("visually-hidden") && el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== "auto" && el.clientWidth > 0).map((el) => `${el.tagName.toLowerCase()}.${el.className}`));
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= 300), true, "no sideways scrolling of the page");
    await page.getByRole("button", { name: "Add credential…" }).click();
    await dialog().waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= 300), true, "the form fits");
    assert.deepEqual(await overflow(), [], "no control is cut off");
    await dialog().getByRole("button", { name: "Cancel" }).click();
  } finally {
    if (size) await page.setViewportSize(size);
  }
});

test("no CSP violation or script error happened", () => {
  assert.deepEqual(problems, []);
});

test("the dev server going away is shown with what to do", async () => {
  await server.stop();
  await page.getByText("Lost the connection to the local dev server").waitFor();
});
