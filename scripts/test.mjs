// Runs every built test file with node's own runner inside a private D-Bus session that has an
// unlocked gnome-keyring, so keychain tests touch a real Secret Service but never the user's own.
// Usage: node scripts/test.mjs [substring filter...]
import { spawnSync } from "node:child_process";
import { readdirSync, existsSync } from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const filters = process.argv.slice(2);

if (process.env.KEYSTROKE_TEST_SESSION !== "1") {
  const session = spawnSync("bash", [path.join(root, "test/support/keyring-session.sh"), process.execPath, ...process.argv.slice(1)], {
    stdio: "inherit",
    cwd: root,
  });
  process.exit(session.status ?? 1);
}

function collect(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return collect(full);
    return e.name.endsWith(".test.cjs") ? [full] : [];
  });
}
const files = collect(path.join(root, ".test-out/test"))
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
  .sort();
if (files.length === 0) {
  console.error("No test files matched. Run `npm run build` first.");
  process.exit(2);
}
const run = spawnSync(process.execPath, ["--test", "--test-concurrency=1", ...files], { stdio: "inherit", cwd: root });
process.exit(run.status ?? 1);
