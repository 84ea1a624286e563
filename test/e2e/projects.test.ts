// Several Keystroke projects in one workspace (a monorepo's apps/alpha and apps/beta), in a real
// VS Code: the cloud is listed in the selected project's root (the stand-in records each call's
// working directory), the manager panel says which project it resolves for and offers the
// picker, and "Keystroke: Select Project…" moves the listing to the other project's root.
import assert from "node:assert/strict";
import path from "node:path";
import test from "node:test";
import { requirePrerequisites } from "./support/prerequisites";
import { startSession } from "./support/session";
import { standin, type Standin } from "./support/standin";
import { waitUntil } from "./support/wait";

const root = process.cwd();

test("several projects: the cloud listing follows the selected project, and the manager says which", { timeout: 5 * 60_000 }, async (t) => {
  const install = requirePrerequisites(t, root);
  if (!install) return;
  let cli: Standin | null = null;
  const session = await startSession({
    root,
    install,
    example: "test/e2e/fixtures/monorepo",
    env: (paths) => {
      cli = standin(root, paths.tmp);
      return cli.env;
    },
  });
  t.after(() => session.stop());
  const { workbench: wb, paths } = session;
  const alpha = path.join(paths.workspace, "apps/alpha");
  const beta = path.join(paths.workspace, "apps/beta");
  const listedIn = () => cli!.calls().filter((c) => c.argv.includes("list")).map((c) => c.cwd);

  // The first project is selected: the CLI lists in its root, never in the workspace root.
  await waitUntil("a cloud listing", () => listedIn().length > 0, { timeoutMs: 120_000 });
  assert.ok(listedIn().every((cwd) => cwd === alpha), JSON.stringify(listedIn()));
  // The status item shows once the extension knows this is a Keystroke project (its commands too).
  await wb.statusBarItem(/\d+ missing|not checked/, 120_000);
  await wb.runCommand("Keystroke: Open Credential Manager");
  const panel = await wb.findWebviewFrame(".project-line", 60_000);
  await panel.locator(".project-line", { hasText: "Resolves for the project in apps/alpha" }).waitFor();
  await panel.getByRole("button", { name: "Change project…" }).waitFor();

  // Select the other one from the palette: the listing moves to its root.
  const before = listedIn().length;
  await wb.runCommand("Keystroke: Select Project…");
  await wb.pickQuickItem(/apps\/beta/);
  await wb.waitForNotification(/now resolving for the project in apps\/beta/);
  await waitUntil("a listing in apps/beta", () => listedIn().slice(before).includes(beta));
  await panel.locator(".project-line", { hasText: "Resolves for the project in apps/beta" }).waitFor();
});
