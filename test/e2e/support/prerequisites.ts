// What the end-to-end tests need from the machine, checked up front so a developer without it
// gets one clear skip message naming what is missing, and CI (CI=true) fails instead of skipping.
import { spawnSync } from "node:child_process";
import { accessSync, constants, existsSync } from "node:fs";
import path from "node:path";
import type { TestContext } from "node:test";

export const CHROMIUM = "/usr/bin/chromium";

export interface CodeServerInstall {
  /** Cache folder written by install-code-server.sh. */
  cache: string;
  codeServer: string;
  /** Folder holding the Node 24 binary code-server runs on (first on its PATH only). */
  node24Bin: string;
}

export type Prerequisites = { ok: true; install: CodeServerInstall } | { ok: false; missing: string[] };

function onPath(name: string): boolean {
  return (process.env.PATH ?? "").split(path.delimiter).some((dir) => {
    try {
      accessSync(path.join(dir, name), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Cheap checks first: the code-server install (minutes when not cached) only runs when they pass. */
export function checkPrerequisites(root: string): Prerequisites {
  const missing: string[] = [];
  if (!existsSync(CHROMIUM)) missing.push(`Chromium at ${CHROMIUM} (Debian: apt-get install chromium)`);
  if (process.env.KEYSTROKE_INSIDE_DBUS !== "1" || !process.env.DBUS_SESSION_BUS_ADDRESS) {
    missing.push(
      "a private D-Bus session with gnome-keyring (install dbus and gnome-keyring, and run the tests through `node scripts/test.mjs`)",
    );
  }
  if (!onPath("secret-tool")) missing.push("secret-tool, to inspect the keychain (Debian: apt-get install libsecret-tools)");
  if (missing.length > 0) return { ok: false, missing };

  const script = path.join(root, "test/e2e/install-code-server.sh");
  // A first install takes minutes: let its progress show instead of waiting silently.
  const run = spawnSync("bash", [script], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  const cache = run.stdout.trim().split("\n").pop() ?? "";
  if (run.status !== 0 || cache === "") {
    return {
      ok: false,
      missing: [
        `code-server (test/e2e/install-code-server.sh exited with ${run.status ?? run.signal}, output above; it needs the npm registry, a C++ toolchain, and Debian's libkrb5-dev and pkg-config)`,
      ],
    };
  }
  return {
    ok: true,
    install: {
      cache,
      codeServer: path.join(cache, "code-server/node_modules/.bin/code-server"),
      node24Bin: path.join(cache, "node24/node_modules/node/bin"),
    },
  };
}

/**
 * Returns the install, or skips the test with a message naming what is missing. Under CI=true a
 * missing prerequisite is a failure: CI installs them (.ci/run), so their absence is a bug there.
 */
export function requirePrerequisites(t: TestContext, root: string): CodeServerInstall | null {
  const result = checkPrerequisites(root);
  if (result.ok) return result.install;
  const message = `end-to-end tests need: ${result.missing.join("; ")}`;
  if (process.env.CI === "true") throw new Error(`${message} (CI=true never skips)`);
  console.error(`SKIP ${message}`);
  t.skip(message);
  return null;
}
