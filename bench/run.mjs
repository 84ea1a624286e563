// Runs every benchmark bundle in turn; each prints its own figures and targets.
import { spawnSync } from "node:child_process";
import { readdirSync, existsSync } from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const dir = path.join(root, ".test-out/bench");
const only = process.argv.slice(2);
const benches = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".cjs") && (only.length === 0 || only.some((o) => f.includes(o)))).sort() : [];
let failures = 0;
for (const file of benches) {
  console.log(`\n=== ${file.replace(/\.cjs$/, "")} ===`);
  const run = spawnSync("bash", [path.join(root, "test/support/keyring-session.sh"), process.execPath, "--expose-gc", path.join(dir, file)], { stdio: "inherit", cwd: root });
  if (run.status !== 0) failures++;
}
process.exit(failures > 0 ? 1 : 0);
