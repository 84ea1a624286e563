// The product in a real VS Code: code-server serving the workbench to Chromium, the packaged
// extension installed from its .vsix, its language server and dev server, the real keychain and
// the stand-in `keystroke` CLI. Each scenario asserts what a person sees and saves a screenshot
// to test-results/e2e/. One session serves them all, in order (startup is the expensive part):
// issue scenarios 1–6, then 8 (reload), then 7 (CLI absent), which breaks the CLI on purpose.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import test, { type TestContext } from "node:test";
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
 * and the screen at the moment of the failure is saved next to the other screenshots.
 */
function sequence(t: TestContext, wb: Workbench) {
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
  const scenario = sequence(t, wb);
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

  const credentialsView = async (selector: string): Promise<Frame> => {
    await wb.showActivity("Keystroke");
    return wb.findWebviewFrame(selector);
  };

  await scenario("4. the sidebar lists the entry as used by 1 action; deleting it there brings the diagnostic back", async () => {
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
    await wb.selectWord(at.line, "organization");
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
    // Store exa again, this time through the sidebar's "Set" form for a missing credential.
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
  });

  await scenario("9. a pasted Linear key: \"Move to a credential…\" stores it first, then the action reads it from its credentials", async () => {
    const file = "src/actions/pasted-key.ts";
    const token = `lin_api_${randomBytes(30).toString("base64").replace(/[^A-Za-z0-9]/g, "").padEnd(40, "Q").slice(0, 40)}`;
    writeFileSync(
      path.join(paths.workspace, file),
      `import { defineAction } from "@keystrokehq/keystroke/action";\n\nexport const listTeams = defineAction({\n  slug: "list-teams",\n  credentials: [],\n  run: async (input, creds) => fetch("https://api.linear.app/graphql", { headers: { authorization: "${token}" } }),\n});\n`,
    );
    await wb.waitForProblem("Linear API key is written in the code", { filter: "KS031", timeoutMs: 60_000 });
    await wb.openFile(file);
    await wb.quickFix(6, "lin_api_", "Move to a credential…");
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

  await scenario("8. after \"Developer: Reload Window\" the store, diagnostics and sidebar come back as they were", async () => {
    const status = await (await wb.statusBarItem(/\d+ missing/)).innerText();
    await wb.reloadWindow();
    await wb.statusBarItem(status.trim(), 120_000);
    // Both targets are checked again once both report zendesk missing; only then is "no exa" news.
    await wb.waitForProblem('[local] "zendesk" is not set', { filter: '"zendesk"', timeoutMs: 60_000 });
    await wb.waitForProblem('[cloud] "zendesk" is not set', { filter: '"zendesk"', timeoutMs: 60_000 });
    assert.deepEqual(await wb.problems('"exa"'), [], "exa resolves locally and in the cloud after the reload");
    const view = await credentialsView('section[data-section="local"] li.card[data-key="exa"]');
    await view.locator('section[data-section="cloud"] li', { hasText: "exa" }).waitFor();
    const card = view.locator('section[data-section="local"] li.card[data-key="exa"]');
    await card.getByText("used by 1 action").waitFor();
    await card.scrollIntoViewIfNeeded();
    await wb.screenshot("08-after-reload");
  });

  await scenario("7. \"Keystroke: Deploy\" with the CLI absent: an actionable error, nothing crashes", async () => {
    const missingCli = path.join(paths.tmp, "no-such-dir/keystroke");
    writeMachineSettings(session.profile, { "keystroke.cliPath": missingCli });
    // The extension re-lists the cloud when the setting changes: once the sidebar says why the
    // cloud is not checked, the new setting has reached the extension.
    const view = await credentialsView('section[data-section="cloud"]');
    await view.locator('[data-testid="cloud-unchecked"]', { hasText: "was not found" }).waitFor();
    await wb.waitForProblem('[local] "zendesk" is not set', { filter: '"zendesk"' });

    await wb.runCommand("Keystroke: Deploy");
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
    await wb.waitForProblem("private key is written in the code", { filter: "KS031", timeoutMs: 60_000 });
    await wb.openFile(file);
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
});
