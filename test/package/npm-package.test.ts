// The published package as a user's project gets it: `npm pack` of this checkout, installed as a
// devDependency into a fresh project outside the repository, then the README's own GitHub Actions
// example run there step by step (its `run:` lines, with the stand-in as the logged-in `keystroke`
// CLI), plus `check` and `--help`. Nothing from this checkout is on the project's path.
import test from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { STANDIN_BIN_DIR } from "../cloud/standin";
import { tempDirs } from "../support/temp-dirs";

const REPO = process.cwd();
const temp = tempDirs("ks-package-");
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
const manifest = JSON.parse(readFileSync(path.join(REPO, "package.json"), "utf8")) as { name: string; version: string; private?: boolean; dependencies: Record<string, string> };

/** The `run:` lines of the README's CI example, in order. */
function readmeCiSteps(): string[] {
  const readme = readFileSync(path.join(REPO, "README.md"), "utf8");
  const block = /<!-- ci-example -->\s*```yaml\n([\s\S]*?)```/.exec(readme);
  assert.ok(block, "README.md has a ```yaml block after <!-- ci-example -->");
  return [...block[1]!.matchAll(/^\s*- run: (.+)$/gm)].map((m) => m[1]!.replace(/\s+#.*$/, "").trim());
}

function sh(command: string, cwd: string, env: NodeJS.ProcessEnv) {
  const r = spawnSync("bash", ["-c", command], { cwd, env, encoding: "utf8", timeout: 300_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let project = "";
let tarball = "";
const home = temp();
/** A user's environment: no checkout binaries on PATH, the stand-in CLI logged in with one cloud credential. */
function userEnv(state: object): NodeJS.ProcessEnv {
  const statePath = path.join(temp(), "state.json");
  writeFileSync(statePath, JSON.stringify(state));
  const { KEYSTROKE_CLI: _cli, npm_config_prefix: _prefix, ...base } = process.env;
  const pathWithoutRepo = (base.PATH ?? "").split(path.delimiter).filter((d) => !d.startsWith(REPO));
  return { ...base, PATH: [STANDIN_BIN_DIR, ...pathWithoutRepo].join(path.delimiter), KEYSTROKE_STANDIN_STATE: statePath, KEYSTROKE_CREDENTIALS_HOME: home };
}

test("npm pack: a publishable package that ships the CLI bundle, its UI and docs, and needs only the keychain module at run time", () => {
  assert.equal(manifest.private, undefined, "not private: the README's example installs it by name");
  assert.deepEqual(Object.keys(manifest.dependencies), ["@napi-rs/keyring"], "everything else is bundled into dist/cli.js");
  const out = temp();
  const packed = spawnSync(NPM, ["pack", "--json", "--pack-destination", out], { cwd: REPO, encoding: "utf8", timeout: 120_000 });
  assert.equal(packed.status, 0, packed.stderr);
  const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
  const files = info!.files.map((f) => f.path).sort();
  for (const needed of ["dist/cli.js", "dist/webview/main.js", "dist/webview/request.js", "dist/webview/style.css", "README.md", "CHANGELOG.md", "LICENSE", "package.json"]) assert.ok(files.includes(needed), `${needed} is packed`);
  assert.deepEqual(files.filter((f) => !/^dist\/cli\.js$|^dist\/webview\/|^(README|CHANGELOG)\.md$|^LICENSE$|^package\.json$/.test(f)), [], "no sources, tests, maps or fixtures");
  tarball = path.join(out, info!.filename);
  assert.ok(existsSync(tarball));
});

test("installed from the tarball into a fresh project outside the repository: check, check --format sarif, --help", () => {
  assert.ok(tarball, "packed by the previous test");
  project = path.join(temp(), "my-keystroke-app");
  mkdirSync(path.join(project, "src/actions"), { recursive: true });
  writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "my-keystroke-app", private: true, version: "1.0.0" }, null, 2));
  writeFileSync(path.join(project, "keystroke.config.ts"), 'export default { organization: "acme", project: "support-bot" };\n');
  writeFileSync(
    path.join(project, "src/actions/search.ts"),
    `import { defineAction } from "@keystrokehq/keystroke/action";
import { defineCredential } from "@keystrokehq/keystroke/credentials";
const exa = defineCredential({ key: "exa", fields: ["apiKey"] });
const linear = defineCredential({ key: "linear", fields: ["token"] });
export const search = defineAction({ slug: "search", credentials: [exa, linear] as const, run: async (input, { exa, linear }) => [exa.apiKey, linear.token] });
`,
  );
  const env = userEnv({ credentials: [{ key: "exa", scope: "organization", fields: ["apiKey"] }] });
  const install = sh(`npm install --save-dev --prefer-offline --no-audit --no-fund ${JSON.stringify(tarball)}`, project, env);
  assert.equal(install.code, 0, install.stderr);
  assert.ok(readdirSync(path.join(project, "node_modules/.bin")).includes("keystroke-credentials"));

  const help = sh("npx --no -- keystroke-credentials --help", project, env);
  assert.equal(help.code, 0, help.stderr);
  assert.match(help.stdout, /^Usage: keystroke-credentials <command>/);
  const text = sh("npx --no keystroke-credentials check", project, env);
  assert.equal(text.code, 0, text.stdout + text.stderr);
  assert.match(text.stdout, /^No credential problems found in 2 files analysed \(1 action, 2 credential requirements\); 0 not analysed\.$/m);
  const sarif = sh("npx --no keystroke-credentials check --format sarif", project, env);
  assert.equal(sarif.code, 0, sarif.stderr);
  assert.equal((JSON.parse(sarif.stdout) as { version: string }).version, "2.1.0");
});

test("the README's CI example, run as written: exit 1 with the missing credential in the SARIF; exit 3 when the CLI is logged out", () => {
  assert.ok(project, "installed by the previous test");
  const steps = readmeCiSteps();
  assert.ok(steps.some((s) => s === "npm ci"), steps.join("\n"));
  const runSteps = (env: NodeJS.ProcessEnv) => {
    let last = { code: 0 as number | null, stdout: "", stderr: "" };
    for (const step of steps) {
      // The official CLI is installed by the example; here the stand-in on PATH is that CLI.
      if (step.includes("@keystrokehq/cli")) continue;
      last = sh(step.replace(/^npm ci$/, "npm ci --prefer-offline --no-audit --no-fund"), project, env);
      if (!step.includes("keystroke-credentials check")) assert.equal(last.code, 0, `${step}: ${last.stderr}`);
    }
    return last;
  };
  const check = runSteps(userEnv({ credentials: [{ key: "exa", scope: "organization", fields: ["apiKey"] }] }));
  assert.equal(check.code, 1, check.stderr);
  const sarif = JSON.parse(readFileSync(path.join(project, "keystroke.sarif"), "utf8")) as {
    runs: { results: { ruleId: string; message: { text: string } }[]; invocations: { executionSuccessful: boolean }[] }[];
  };
  assert.deepEqual(sarif.runs[0]!.results.map((r) => r.ruleId), ["KS001"]);
  assert.match(sarif.runs[0]!.results[0]!.message.text, /^\[cloud\] "linear" is not set/);
  assert.equal(sarif.runs[0]!.invocations[0]!.executionSuccessful, true);

  const loggedOut = runSteps(userEnv({ loggedIn: false }));
  assert.equal(loggedOut.code, 3, loggedOut.stderr);
  const failed = JSON.parse(readFileSync(path.join(project, "keystroke.sarif"), "utf8")) as { runs: { invocations: { executionSuccessful: boolean; toolExecutionNotifications: { level: string; message: { text: string } }[] }[] }[] };
  assert.equal(failed.runs[0]!.invocations[0]!.executionSuccessful, false);
  assert.ok(failed.runs[0]!.invocations[0]!.toolExecutionNotifications.some((n) => n.level === "error" && /^cloud: not checked \(The keystroke CLI is not logged in/.test(n.message.text)));
});
