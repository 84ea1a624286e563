// The product in a real VS Code: code-server serving the workbench to Chromium, the packaged
// extension installed from its .vsix, its language server and dev server, the real keychain and
// the stand-in `keystroke` CLI. Each scenario asserts what a person sees and saves a screenshot
// to test-results/e2e/. One session serves them all, in order (startup is the expensive part):
// issue scenarios 1–6, 9, then 8 (reload), then 7 (CLI absent), which breaks the CLI on purpose,
// then 10 and 11 (agent mode), which need no CLI.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import test, { type TestContext } from "node:test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { Frame } from "playwright-core";
import { writeMachineSettings } from "./support/code-server";
import { requirePrerequisites } from "./support/prerequisites";
import { filesContaining, keychainAccounts, keychainSecret, storedIds } from "./support/secrets-evidence";
import { startSession, type E2eSession } from "./support/session";
import { waitUntil } from "./support/wait";
import type { Workbench } from "./support/workbench";
import { standin, type Standin } from "./support/standin";

const root = process.cwd();
const EXAMPLE = "examples/acme-support";

/** 1-based line and column of the first `token` on the first line containing `lineText`. */
function locate(workspace: string, file: string, lineText: string, token: string): { line: number; column: number } {
  const lines = readFileSync(path.join(workspace, file), "utf8").split("\n");
  const index = lines.findIndex((l) => l.includes(lineText));
  assert.ok(index >= 0, `${file} has no line with ${lineText}`);
  const column = lines[index]!.indexOf(token, lines[index]!.indexOf(lineText));
  assert.ok(column >= 0, `${file}:${index + 1} has no ${token}`);
  return { line: index + 1, column: column + 1 };
}

/**
 * Runs scenarios in order; once one fails, the later ones (which build on its state) are skipped,
 * and the screen at the moment of the failure and the logs are saved next to the other screenshots.
 */
function sequence(t: TestContext, wb: Workbench, saveLogs: () => void) {
  let failed: string | null = null;
  return async (name: string, body: () => Promise<void>) =>
    t.test(name, async (sub) => {
      if (failed) return sub.skip(`an earlier scenario failed: ${failed}`);
      try {
        // Toasts of the previous scenario would cover this one's screenshots.
        await wb.runCommand("Notifications: Clear All Notifications");
        await body();
      } catch (error) {
        failed = name;
        await wb.screenshot(`failed-${name.slice(0, name.indexOf("."))}`).catch(() => undefined);
        saveLogs();
        throw error;
      }
    });
}

test("Keystroke Credentials in a real VS Code (code-server + Chromium)", { timeout: 15 * 60_000 }, async (t) => {
  const install = requirePrerequisites(t, root);
  if (!install) return;
  let cli: Standin | null = null;
  const session: E2eSession = await startSession({
    root,
    install,
    example: EXAMPLE,
    env: (paths) => {
      cli = standin(root, paths.tmp);
      return cli.env;
    },
  });
  t.after(() => session.stop());
  const { workbench: wb, paths } = session;
  const calls = () => cli!.calls();
  // The extension host's logs (the language server's trace is on) explain a failure after the fact.
  const scenario = sequence(t, wb, () => cpSync(path.join(session.profile.userDataDir, "logs"), path.join(paths.screenshots, "logs"), { recursive: true }));
  // A value nobody else would type, so finding it anywhere means it leaked from this test.
  const secret = `e2e-${randomBytes(12).toString("hex")}`;
  const searchWeb = locate(paths.workspace, "src/actions/search-web.ts", "credentials: [exa]", "exa");

  await scenario("1. an empty store: Problems lists KS001 per missing credential at its line; the status bar counts", async () => {
    const status = await wb.statusBarItem(/\d+ missing/, 120_000);
    assert.ok(Number(/(\d+) missing/.exec(await status.innerText())![1]) > 0);

    await wb.waitForProblem('[local] "exa" is not set', { filter: '"exa"', timeoutMs: 60_000 });
    const exa = (await wb.problems('"exa"')).filter((p) => p.text.includes("[local]"));
    assert.equal(exa.length, 1, JSON.stringify(exa));
    assert.match(exa[0]!.text, /KS001/);
    assert.match(exa[0]!.file, /\bsearch-web\.ts\b.*\bsrc\/actions\b/);
    assert.match(exa[0]!.label, new RegExp(`at line ${searchWeb.line} and character ${searchWeb.column}\\.`));

    // Other actions' missing credentials, each listed under its own file and line.
    for (const [key, file, lineText, token] of [
      ["zendesk", "src/actions/answer-ticket.ts", "credentials: [creds.zendesk", "creds.zendesk"],
      ["linear", "src/actions/file-issue.ts", "credentials: [linearApi", "linearApi"],
    ] as const) {
      const at = locate(paths.workspace, file, lineText, token);
      await wb.waitForProblem(`[local] "${key}" is not set`, { filter: `"${key}"` });
      const rows = (await wb.problems(`"${key}"`)).filter((p) => p.text.includes("[local]"));
      assert.equal(rows.length, 1, JSON.stringify(rows));
      assert.match(rows[0]!.file, new RegExp(`\\b${path.basename(file).replace(".", "\\.")}\\b`));
      assert.match(rows[0]!.label, new RegExp(`at line ${at.line} and character ${at.column}\\.`));
    }
    // What a person looks at: the problem, and the action file it opens with the reference underlined.
    await wb.openProblem('[local] "exa"', "search-web.ts", { filter: '"exa"' });
    await wb.screenshot("01-problems-ks001");
  });

  await scenario("2. hovering the underlined reference explains the resolution per target", async () => {
    await wb.openFile("src/actions/search-web.ts");
    const text = await wb.hover(searchWeb.line, "exa", /Required by action search-web/);
    assert.match(text, /exa · credential · kind api_key/);
    assert.match(text, /Pin: none, so the project default, then the organization default/);
    assert.match(text, /^local: ✗ "exa" is not set .*\(KS001\)$/m);
    assert.match(text, /^cloud: ✗ "exa" is not set .*\(KS001\)$/m);
    await wb.scrollHoverTo(/^cloud: ✗/);
    await wb.screenshot("02-hover-resolution");
    await wb.page.keyboard.press("Escape");
  });

  await scenario("3. quick fix \"Set local credential\" with a masked input: the diagnostic goes, the value is only in the keychain", async () => {
    await wb.quickFix(searchWeb.line, "exa", "Set local credential exa…");
    await wb.answerInputBox(secret, { expectPassword: true });
    await wb.waitForNotification(/saved exa .*in the local store/);
    await wb.waitForNoProblem('[local] "exa"', { filter: '"exa"' });
    // The cloud still lacks it: that finding stays.
    await wb.waitForProblem('[cloud] "exa"', { filter: '"exa"' });
    assert.equal((await wb.editorText()).includes("credentials: [exa]"), true, "the file was not edited");
    await wb.screenshot("03-local-set-diagnostic-gone");

    const ids = storedIds(paths.store, "exa");
    assert.equal(ids.length, 1);
    assert.ok(keychainAccounts().includes(ids[0]!), "secret-tool lists the entry under service keystroke-local");
    assert.match(keychainSecret(ids[0]!) ?? "", new RegExp(secret));
    assert.deepEqual(filesContaining([paths.store, paths.workspace, session.profile.userDataDir], secret), []);
  });

  /** The credential manager panel ("Keystroke: Open Credential Manager" opens or reveals it). */
  const credentialsView = async (selector: string): Promise<Frame> => {
    await wb.runCommand("Keystroke: Open Credential Manager");
    return wb.findWebviewFrame(selector);
  };

  await scenario("4. the manager panel lists the entry as used by 1 action; deleting it there brings the diagnostic back", async () => {
    const view = await credentialsView('section[data-section="local"]');
    const card = view.locator('section[data-section="local"] li.card[data-key="exa"]');
    await card.waitFor();
    await card.getByText("used by 1 action").waitFor();
    await card.scrollIntoViewIfNeeded();
    await wb.screenshot("04-sidebar-entry-used-by-1");
    await card.getByRole("button", { name: /^Delete exa/ }).click();
    const dialog = view.locator("dialog[open]");
    await dialog.getByRole("heading", { name: /^Delete exa/ }).waitFor();
    await dialog.getByRole("button", { name: "Delete", exact: true }).click();
    await card.waitFor({ state: "detached" });
    await wb.waitForProblem('[local] "exa" is not set', { filter: '"exa"' });
    assert.deepEqual(storedIds(paths.store, "exa"), []);
    await wb.screenshot("04-deleted-diagnostic-back");
  });

  await scenario("5. .scope(\"org\") shows KS010; its quick fix writes .scope(\"organization\")", async () => {
    const file = "src/actions/file-issue.ts";
    const at = locate(paths.workspace, file, '}).scope("organization")', "organization");
    await wb.openFile(file);
    await wb.selectText(at.line, at.column, "organization".length);
    await wb.page.keyboard.type("org");
    await wb.waitForProblem('.scope("org") is not a scope', { filter: "KS010" });
    assert.match(await wb.editorText(), /\}\)\.scope\("org"\);/);
    await wb.screenshot("05-ks010-org");
    await wb.quickFix(at.line, '"org"', 'Change the scope to "organization"');
    await wb.activeEditor().locator(".view-line", { hasText: '}).scope("organization");' }).waitFor();
    await wb.waitForNoProblem("KS010", { filter: "KS010" });
    // VS Code for the Web auto-saves after a delay; Ctrl+S saves now. Either way: wait for the disk.
    await wb.page.keyboard.press("Control+S");
    await waitUntil(`${file} saved with .scope("organization")`, () =>
      /\}\)\.scope\("organization"\);/.test(readFileSync(path.join(paths.workspace, file), "utf8")),
    );
    await wb.screenshot("05-ks010-fixed");
  });

  await scenario("6. \"Push Credential to Cloud…\" runs the CLI with an @env reference and no value; cloud status updates", async () => {
    // Store exa again, this time through the manager's "Set" form for a missing credential.
    const view = await credentialsView('section[data-section="missing"] li.card[data-key="exa"]');
    await view.locator('section[data-section="missing"] li.card[data-key="exa"]').getByRole("button", { name: /^Set exa/ }).click();
    const dialog = view.locator("dialog[open]");
    await dialog.getByLabel("apiKey (secret)").fill(secret);
    await dialog.getByRole("button", { name: "Save", exact: true }).click();
    await view.locator('section[data-section="local"] li.card[data-key="exa"]').waitFor();
    await wb.waitForNoProblem('[local] "exa"', { filter: '"exa"' });

    const before = calls().length;
    await wb.runCommand("Keystroke: Push Credential to Cloud…");
    await wb.pickQuickItem("Organization");
    await wb.waitForNotification(/pushed exa to organization/);
    const push = calls()
      .slice(before)
      .find((c) => c.argv.includes("credentials") && c.argv.includes("set"));
    assert.ok(push, `no "credentials set" call in ${JSON.stringify(calls())}`);
    const set = push.argv[push.argv.indexOf("--set") + 1] ?? "";
    const envName = /^apiKey=@env:([A-Z0-9_]+)$/.exec(set)?.[1];
    assert.ok(envName, `--set should pass apiKey as an @env reference: ${JSON.stringify(push.argv)}`);
    assert.deepEqual(push.argv.slice(push.argv.indexOf("--scope"), push.argv.indexOf("--scope") + 2), ["--scope", "org"]);
    assert.ok(!push.argv.some((a) => a.includes(secret)), "the value is not on the command line");
    assert.deepEqual(push.env, [envName], "the value reached the CLI through its environment");

    const cloudEntry = view.locator('section[data-section="cloud"] li', { hasText: "exa" });
    await cloudEntry.waitFor();
    await wb.waitForNoProblem('[cloud] "exa"', { filter: '"exa"' });
    await cloudEntry.scrollIntoViewIfNeeded();
    await wb.screenshot("06-pushed-cloud-updated");

    // Again: the picker says the cloud has it there, and a modal shows what would be replaced.
    const sets = () => calls().filter((c) => c.argv.includes("set")).length;
    const pushed = sets();
    await wb.runCommand("Keystroke: Push Credential to Cloud…");
    await wb.page.locator(".quick-input-list .monaco-list-row", { hasText: /in the cloud: “exa”.*pushing updates it/ }).waitFor();
    await wb.pickQuickItem("Organization");
    const replace = wb.page.locator(".monaco-dialog-box", { hasText: "The cloud already has “exa” at organization" });
    await replace.waitFor();
    await wb.screenshot("06-push-asks-before-updating");
    await replace.getByRole("button", { name: "Cancel" }).click();
    await replace.waitFor({ state: "detached" });
    assert.equal(sets(), pushed, "Cancel pushed nothing");
  });

  await scenario("6b. \"Keystroke: Deploy\" with credentials missing in the cloud: the check says which and offers Resolve…, Deploy Anyway, Cancel; Cancel deploys nothing", async () => {
    await wb.runCommand("Keystroke: Deploy");
    const dialog = wb.page.locator(".monaco-dialog-box", { hasText: "would fail in the cloud after this deploy" });
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /zendesk/);
    for (const name of ["Resolve…", "Deploy Anyway", "Cancel"]) await dialog.getByRole("button", { name }).waitFor();
    await wb.screenshot("06b-deploy-cloud-check");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "detached" });
    // Again, and this time Deploy Anyway: the CLI's deploy runs once, so the Cancel before ran none.
    await wb.runCommand("Keystroke: Deploy");
    await dialog.waitFor();
    assert.equal(calls().filter((c) => c.argv.includes("deploy")).length, 0, "Cancel ran no deploy");
    await dialog.getByRole("button", { name: "Deploy Anyway" }).click();
    await waitUntil("the deploy the person chose", () => calls().filter((c) => c.argv.includes("deploy")).length === 1);
  });

  await scenario("6c. \"Connect App…\" runs keystroke connect in a terminal that stays, offers the printed URL with Open, and re-lists the cloud", async () => {
    await wb.runCommand("Keystroke: Connect App…");
    await wb.pickQuickItem(/^\s*slack\s*$/);
    const toast = await wb.waitForNotification(/finish connecting slack in the browser \(https:\/\/keystroke\.ai\/acme\/connect\/slack\)/);
    await toast.getByRole("button", { name: "Open" }).waitFor();
    await wb.screenshot("06c-connect-url-offered");
    const isConnect = (c: { argv: string[] }) => c.argv.includes("connect") && c.argv.includes("slack");
    await waitUntil("the stand-in recorded the connection", () => calls().some(isConnect));
    await waitUntil("the cloud listed again after connect", () => {
      const all = calls();
      const connect = all.findIndex(isConnect);
      return connect >= 0 && all.slice(connect + 1).some((c) => c.argv.includes("list"));
    });
    // The terminal is still there after the CLI exited (a plain shell terminal would have closed).
    await wb.page.locator('[aria-label*="connect slack"]').or(wb.page.getByText("Keystroke: connect slack")).first().waitFor();
  });

  await scenario("9. a pasted Linear key: \"Move to a credential…\" stores it first, then the action reads it from its credentials", async () => {
    const file = "src/actions/pasted-key.ts";
    const token = `lin_api_${randomBytes(30).toString("base64").replace(/[^A-Za-z0-9]/g, "").padEnd(40, "Q").slice(0, 40)}`;
    writeFileSync(
      path.join(paths.workspace, file),
      // The key on a line of its own: far right on a long line it would sit under the minimap.
      `import { defineAction } from "@keystrokehq/keystroke/action";\n\nexport const listTeams = defineAction({\n  slug: "list-teams",\n  credentials: [],\n  run: async (input, creds) =>\n    fetch("https://api.linear.app/graphql", { headers: { authorization: "${token}" } }),\n});\n`,
    );
    await wb.openFile(file);
    await wb.waitForProblem("Linear API key is written in the code", { filter: "KS031", timeoutMs: 60_000 });
    await wb.quickFix(7, "lin_api_", "Move to a credential…");
    await wb.pickQuickItem(/^\s*linear\s*$/);
    await wb.pickQuickItem("Organization");
    await wb.waitForNotification(/linear\.apiKey is stored locally \(organization\) and the action reads it from its credentials\. The key stays in git history/);
    await wb.waitForNoProblem("KS031", { filter: "KS031" });
    await wb.page.keyboard.press("Control+S");
    await waitUntil(`${file} saved without the key`, () => {
      const text = readFileSync(path.join(paths.workspace, file), "utf8");
      return !text.includes(token) && /authorization: creds\.linear\.apiKey/.test(text) && /credentials: \[linear\]/.test(text);
    });
    const ids = storedIds(paths.store, "linear");
    assert.equal(ids.length, 1);
    assert.equal(JSON.parse(keychainSecret(ids[0]!) ?? "{}").apiKey, token, "the key is in the keychain");
    assert.deepEqual(filesContaining([paths.store, paths.workspace], token), [], "and in no file");
    await wb.screenshot("09-moved-to-credential");
  });

  await scenario("8. after \"Developer: Reload Window\" the store, diagnostics and the open manager panel come back as they were", async () => {
    const status = await (await wb.statusBarItem(/\d+ missing/)).innerText();
    await credentialsView('section[data-section="local"]');
    await wb.reloadWindow();
    await wb.statusBarItem(status.trim(), 120_000);
    // Both targets are checked again once both report zendesk missing; only then is "no exa" news.
    await wb.waitForProblem('[local] "zendesk" is not set', { filter: '"zendesk"', timeoutMs: 60_000 });
    await wb.waitForProblem('[cloud] "zendesk" is not set', { filter: '"zendesk"', timeoutMs: 60_000 });
    assert.deepEqual(await wb.problems('"exa"'), [], "exa resolves locally and in the cloud after the reload");
    // The panel was open: its serializer restores it, without any command.
    const view = await wb.findWebviewFrame('section[data-section="local"] li.card[data-key="exa"]', 60_000);
    await view.locator('section[data-section="cloud"] li', { hasText: "exa" }).waitFor();
    const card = view.locator('section[data-section="local"] li.card[data-key="exa"]');
    await card.getByText("used by 1 action").waitFor();
    await card.scrollIntoViewIfNeeded();
    await wb.screenshot("08-after-reload");
  });

  await scenario("7. \"Keystroke: Deploy\" with the CLI absent: an actionable error, nothing crashes", async () => {
    const missingCli = path.join(paths.tmp, "no-such-dir/keystroke");
    writeMachineSettings(session.profile, { "keystroke.cliPath": missingCli });
    // The extension re-lists the cloud when the setting changes: once the manager says why the
    // cloud is not checked, the new setting has reached the extension.
    const view = await credentialsView('section[data-section="cloud"]');
    await view.locator('[data-testid="cloud-unchecked"]', { hasText: "was not found" }).waitFor();
    await wb.waitForProblem('[local] "zendesk" is not set', { filter: '"zendesk"' });

    await wb.runCommand("Keystroke: Deploy");
    // The cloud check could not run either: said so, and the person decides.
    const unchecked = wb.page.locator(".monaco-dialog-box", { hasText: "the cloud could not be checked" });
    await unchecked.waitFor();
    await unchecked.getByRole("button", { name: "Deploy Anyway" }).click();
    const toast = await wb.waitForNotification(/keystroke CLI was not found at .*keystroke\.cliPath/);
    assert.ok((await toast.innerText()).includes(missingCli), "the message names the path that was tried");
    await toast.getByRole("button", { name: "Install CLI" }).waitFor();
    await toast.getByRole("button", { name: "Open Settings" }).waitFor();
    await wb.screenshot("07-deploy-without-cli");

    // Nothing else broke: the extension host is up and the code's findings are still listed.
    assert.equal(await wb.page.locator(".notification-toast", { hasText: /terminated unexpectedly|crashed/i }).count(), 0);
    await wb.statusBarItem(/\d+ missing/);
    await wb.waitForProblem('[local] "zendesk" is not set', { filter: '"zendesk"' });
  });

  await scenario("10. a key the store refuses (over 16 KB): \"Move to a credential…\" says so and changes nothing in the code", async () => {
    const file = "src/actions/long-key.ts";
    const body = (randomBytes(15_000).toString("base64").match(/.{1,64}/g) ?? []).join("\n");
    const source = `import { defineAction } from "@keystrokehq/keystroke/action";\n\nexport const sign = defineAction({\n  slug: "sign",\n  credentials: [],\n  run: async (input) => signWith(\`-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----\`),\n});\n`;
    writeFileSync(path.join(paths.workspace, file), source);
    // Opened as a person would: the editor's didOpen does not depend on the file watcher, which
    // can lag under load (files created on disk are covered by test/lsp/workspace.test.ts).
    await wb.openFile(file);
    await wb.waitForProblem("private key is written in the code", { filter: "KS031", timeoutMs: 60_000 });
    await wb.quickFix(6, "BEGIN", "Move to a credential…");
    await wb.pickQuickItem(/New credential "signing"/);
    await wb.answerInputBox("signing");
    await wb.answerInputBox("privateKey");
    await wb.pickQuickItem("Organization");
    await wb.waitForNotification(/Nothing was changed in the code: signing could not be stored/);
    await wb.screenshot("10-move-refused-nothing-changed");
    assert.equal(readFileSync(path.join(paths.workspace, file), "utf8"), source, "the file on disk is as it was");
    assert.match(await wb.editorText(), /-----BEGIN PRIVATE KEY-----/, "and so is the editor's text");
    assert.deepEqual(storedIds(paths.store, "signing"), []);
    await wb.waitForProblem("private key is written in the code", { filter: "KS031" });
  });
  await scenario("11. agent mode: the language model tools answer through vscode.lm.invokeTool; request_credential asks in VS Code's masked input; Set Up Coding Agents writes a working .mcp.json", async () => {
    /** Calls a tool as agent mode does (the test-only probe extension), and reads its answer. */
    const invoke = async (name: string, input: Record<string, unknown>, person?: () => Promise<void>) => {
      rmSync(paths.probeOut, { force: true });
      await wb.runCommand("LM Probe: Invoke Language Model Tool");
      await wb.answerInputBox(JSON.stringify({ name, input }));
      await person?.();
      const raw = await waitUntil(`${name}'s answer`, () => existsSync(paths.probeOut) && readFileSync(paths.probeOut, "utf8"), { timeoutMs: 60_000 });
      const answer = JSON.parse(raw) as { ok: boolean; listed: string[]; texts: string[]; error?: string };
      assert.ok(answer.ok, answer.error);
      return answer;
    };
    const status = await invoke("keystroke_credentials_status", { key: "zendesk", problemsOnly: true });
    assert.ok(["keystroke_credentials_status", "keystroke_explain_credential", "keystroke_request_credential", "keystroke_push_credential"].every((t) => status.listed.includes(t)), status.listed.join(", "));
    assert.match(status.texts[0]!, /^\d+ requirements?; local: \d+ missing; cloud: /);
    const rows = (JSON.parse(status.texts[1]!) as { requirements: { key: string; targets: { local: { status: string } } }[] }).requirements;
    assert.ok(rows.length > 0 && rows.every((r) => r.key === "zendesk" && r.targets.local.status === "missing"), status.texts[1]);
    const explained = await invoke("keystroke_explain_credential", { key: "zendesk" });
    assert.match(explained.texts[0]!, /^zendesk: defined at src\/credentials\/zendesk\.ts:4; required by \d+ actions?\.$/);

    // The writing tool: VS Code asks first (a dialog outside a chat), then the person types the
    // definition's fields into masked inputs (subdomain is plainly not secret).
    const token = `zd-${randomBytes(10).toString("hex")}`;
    const stored = await invoke("keystroke_request_credential", { key: "zendesk" }, async () => {
      const dialog = wb.page.locator(".monaco-dialog-box", { hasText: "Store the credential zendesk?" });
      await dialog.waitFor();
      await wb.screenshot("11-agent-tool-confirmation");
      await dialog.getByRole("button", { name: /^(Yes|OK|Continue|Allow)$/ }).first().click();
      await wb.answerInputBox(token, { expectPassword: true, title: "(1/3)" });
      await wb.answerInputBox("acme", { title: "(2/3)" });
      await wb.answerInputBox("", { title: "(3/3)" });
    });
    assert.match(stored.texts[0]!, /The person stored "zendesk" at project /);
    assert.ok(!stored.texts.join("").includes(token), "the agent's answer holds no value");
    await wb.waitForNoProblem('[local] "zendesk"', { filter: '"zendesk"', timeoutMs: 60_000 });
    const ids = storedIds(paths.store, "zendesk");
    assert.equal(ids.length, 1);
    assert.equal(JSON.parse(keychainSecret(ids[0]!) ?? "{}").apiToken, token, "the value is in the keychain");
    assert.deepEqual(filesContaining([paths.store, paths.workspace], token), [], "and in no file");

    await wb.runCommand("Keystroke: Set Up Coding Agents…");
    await wb.page.locator(".quick-input-widget .quick-input-list", { hasText: ".cursor/mcp.json" }).waitFor();
    await wb.page.locator(".quick-input-widget").getByRole("button", { name: "OK" }).click();
    await wb.waitForNotification(/coding agents set up in \.mcp\.json and \.cursor\/mcp\.json/);
    await wb.screenshot("11-coding-agents-set-up");
    const config = JSON.parse(readFileSync(path.join(paths.workspace, ".mcp.json"), "utf8")) as { mcpServers: Record<string, { command: string; args: string[]; env?: Record<string, string> }> };
    assert.deepEqual(JSON.parse(readFileSync(path.join(paths.workspace, ".cursor/mcp.json"), "utf8")), config);
    const server = config.mcpServers["keystroke-credentials"]!;
    assert.match(server.args[0]!, /extensions\/keystroke\.keystroke-credentials-[^/]+\/dist\/cli\.js$/, "the CLI shipped in the VSIX");
    // The agent's side: Claude Code or Cursor starts exactly what the file says.
    const client = new Client({ name: "e2e-agent", version: "1.0.0" });
    await client.connect(new StdioClientTransport({ command: server.command, args: server.args, env: { ...(process.env as Record<string, string>), ...server.env, KEYSTROKE_CREDENTIALS_HOME: paths.store }, stderr: "pipe" }));
    try {
      const answer = (await client.callTool({ name: "credentials_status", arguments: { key: "zendesk" } })) as unknown as { structuredContent: { requirements: { targets: { local: { status: string } } }[] } };
      assert.ok(answer.structuredContent.requirements.every((r) => r.targets.local.status === "resolves"), JSON.stringify(answer.structuredContent));
    } finally {
      await client.close();
    }
  });
  await scenario("12. native views: Requirements lists what is missing (badge = status item); Set Locally inline clears the diagnostic; keyboard only reaches an entry's Delete", async () => {
    await wb.showActivity("Keystroke");
    const requirements = await wb.treeView("Requirements");
    const openai = requirements.locator('.monaco-list-row[aria-label^="openai:"]');
    await openai.waitFor();
    assert.match(await openai.innerText(), /local ✗/);
    const status = (await (await wb.statusBarItem(/\d+ missing/)).innerText()).match(/(\d+) missing/)![1];
    const badge = wb.page.locator(".activitybar .action-item:has(.action-label[aria-label^='Keystroke']) .badge-content");
    assert.equal((await badge.innerText()).trim(), status, "the container's badge and the status item agree");
    for (const theme of ["Light", "Dark"] as const) {
      await wb.runCommand("Preferences: Color Theme");
      await wb.pickQuickItem(new RegExp(`^${theme} Modern$`));
      await wb.page.locator(`.monaco-workbench.${theme === "Light" ? "vs" : "vs-dark"}`).waitFor();
      await wb.screenshot(`12-native-views-${theme.toLowerCase()}`);
    }

    // The inline action on hover: Set Locally…; openai has three fields, so the manager panel's
    // form opens with all of them on one page (two or fewer use VS Code's own inputs).
    const value = `oa-${randomBytes(10).toString("hex")}`;
    await openai.hover();
    await openai.getByRole("button", { name: "Set Locally…" }).click();
    const panel = await wb.findWebviewFrame('dialog[open] input[name^="fieldValue"]');
    const form = panel.locator("dialog[open]");
    await form.getByRole("heading", { name: "Set openai" }).waitFor();
    await form.getByLabel("apiKey (secret)").fill(value);
    await wb.screenshot("12-tree-set-opens-the-form");
    await form.getByRole("button", { name: "Save", exact: true }).click();
    await form.waitFor({ state: "detached" });
    await wb.waitForNoProblem('[local] "openai"', { filter: '"openai"', timeoutMs: 60_000 });
    assert.equal(JSON.parse(keychainSecret(storedIds(paths.store, "openai")[0]!) ?? "{}").apiKey, value);

    // "What breaks if I revoke this?": Used by lists the action, and under it the agent that runs
    // it as a tool; the agent's row opens its source.
    // Only this path is expanded (Collapse All first), and the other views give it their room.
    await wb.collapseView("Requirements");
    await wb.collapseView("Cloud");
    const storeView = await wb.treeView("Local Store");
    await storeView.locator('.pane-header .action-label[aria-label^="Collapse All"]').click();
    const row = (level: number, text: string) => storeView.locator(`.monaco-list-row[aria-level="${level}"]`, { hasText: text }).first();
    const expand = async (level: number, text: string) => {
      await row(level, text).locator(".monaco-tl-twistie").click();
      await storeView.locator(`.monaco-list-row[aria-level="${level}"][aria-expanded="true"]`, { hasText: text }).first().waitFor();
    };
    await expand(1, "Project support-bot");
    await expand(2, "openai");
    await expand(3, "Used by");
    await expand(4, "answer-ticket");
    const caller = row(5, "support-agent");
    await caller.getByText(/agent, as a tool/).waitFor();
    await wb.screenshot("12-used-by-callers");
    await caller.click();
    await wb.page.locator('.tabs-container .tab.active[aria-label^="support-agent.ts"]').waitFor();
    await storeView.locator('.pane-header .action-label[aria-label^="Collapse All"]').click();
    await expand(1, "Project support-bot");

    // Keyboard only: focus the Local Store view, type to find the entry, context-menu key, Delete.
    await wb.page.keyboard.press("F1");
    await wb.page.keyboard.type(">Keystroke: Focus on Local Store View");
    await wb.page.locator(".quick-input-list .monaco-list-row", { hasText: "Focus on Local Store View" }).first().waitFor();
    await wb.page.keyboard.press("Enter");
    const store = await wb.treeView("Local Store");
    await store.locator('.monaco-list-row[aria-label*="openai"]').waitFor();
    await wb.page.keyboard.type("openai");
    await store.locator('.monaco-list-row.focused[aria-label*="openai"]').waitFor();
    await wb.page.keyboard.press("Shift+F10");
    await wb.page.locator(".context-view .monaco-menu .action-label", { hasText: "Delete…" }).waitFor();
    await wb.page.keyboard.press("ArrowUp");
    await wb.page.keyboard.press("Enter");
    await wb.page.locator(".monaco-dialog-box", { hasText: "Delete openai" }).waitFor();
    await wb.screenshot("12-keyboard-delete-confirmation");
    await wb.page.keyboard.press("Enter");
    await wb.waitForNotification(/deleted openai/);
    assert.deepEqual(storedIds(paths.store, "openai"), []);
    await wb.waitForProblem('[local] "openai"', { filter: '"openai"', timeoutMs: 60_000 });
  });
  await scenario("13. \"Open Credential Manager in Browser\" where VS Code is remote: code-server's /proxy/<port>/ page loads, lists the store and saves a value", async () => {
    const opened = wb.page.context().waitForEvent("page");
    await wb.runCommand("Keystroke: Open Credential Manager in Browser");
    const tab = await opened;
    await tab.waitForLoadState();
    assert.match(tab.url(), /\/proxy\/\d+\//, `opened through code-server's port proxy: ${tab.url()}`);
    await tab.getByRole("heading", { name: "Credentials", level: 1 }).waitFor();
    await tab.locator("main[aria-busy=false]").waitFor();
    await tab.locator('[data-section="local"] li.card[data-key="linear"]').waitFor();
    const value = `remote-${randomBytes(8).toString("hex")}`;
    await tab.getByRole("button", { name: "Add credential…" }).click();
    const dialog = tab.locator("dialog[open]");
    await dialog.getByLabel("Key", { exact: true }).fill("remote-check");
    await dialog.getByLabel("Field value (secret)").fill(value);
    await dialog.getByRole("button", { name: "Save" }).click();
    await tab.locator('[data-section="local"] li.card[data-key="remote-check"]').waitFor();
    await tab.screenshot({ path: path.join(paths.screenshots, "13-browser-through-code-server-proxy.png") });
    const ids = storedIds(paths.store, "remote-check");
    assert.equal(ids.length, 1);
    assert.equal(JSON.parse(keychainSecret(ids[0]!) ?? "{}").apiKey, value);
    await tab.close();
  });
  await scenario("14. \"Resolve All Missing…\" walks every missing key in code order: a .env value, a typed one, connected apps skipped; every typed credential then resolves locally", async () => {
    const crmKey = `crm-${randomBytes(8).toString("hex")}`;
    const openaiKey = `oa-${randomBytes(8).toString("hex")}`;
    writeFileSync(path.join(paths.workspace, ".env"), `ACME_CRM_API_KEY=${crmKey}\nDEBUG=1\n`);
    await wb.runCommand("Keystroke: Resolve All Missing…");
    const title = wb.page.locator(".quick-input-widget .quick-input-title");
    const seen: string[] = [];
    for (;;) {
      const text = await waitUntil("the next step", async () => {
        const t = (await title.innerText().catch(() => "")).trim();
        return /^Resolve All Missing \(\d+\/\d+\): /.test(t) && !seen.includes(t) ? t : null;
      });
      seen.push(text);
      const [, index, total, key] = /^Resolve All Missing \((\d+)\/(\d+)\): (\S+)/.exec(text)!;
      if (seen.length === 1) await wb.screenshot("14-resolve-all-missing-step");
      const rows = wb.page.locator(".quick-input-list .monaco-list-row .label-name");
      await rows.first().waitFor();
      const labels = (await rows.allInnerTexts()).map((l) => l.trim());
      if (labels.some((l) => l.startsWith("Take the values from"))) await wb.pickQuickItem(/^\s*Take the values from \.env\s*$/);
      else if (key === "openai" && labels.some((l) => /^Set openai locally/.test(l))) {
        await wb.pickQuickItem(/^\s*Set openai locally/);
        await wb.answerInputBox(openaiKey, { expectPassword: true, title: "openai (1/3)" });
        await wb.answerInputBox("", { title: "openai (2/3)" });
        await wb.answerInputBox("", { title: "openai (3/3)" });
      } else await wb.pickQuickItem(/^\s*Skip\s*$/);
      if (index === total) break;
    }
    assert.match(seen[0] ?? "", /: openai · \.scope\("project"\)/, `the walk starts where the code does (src/actions/answer-ticket.ts): ${seen.join(" | ")}`);
    await wb.waitForNotification(/(openai, acme-crm|acme-crm, openai) now resolve/);
    await wb.waitForNoProblem('[local] "openai"', { filter: '"openai"', timeoutMs: 60_000 });
    await wb.waitForNoProblem('[local] "acme-crm"', { filter: '"acme-crm"', timeoutMs: 60_000 });
    assert.equal(JSON.parse(keychainSecret(storedIds(paths.store, "acme-crm")[0]!) ?? "{}").apiKey, crmKey, "the .env value went to the keychain");
    assert.deepEqual(filesContaining([paths.store], crmKey), [], "and into no file of the store");
    // What is still missing locally is what can only be connected, not typed.
    const requirements = await wb.treeView("Requirements");
    for (const typed of ["openai", "acme-crm"]) assert.equal(await requirements.locator(`.monaco-list-row[aria-label^="${typed}:"] .codicon-error`).count(), 0, typed);
  });
});
