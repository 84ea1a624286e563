// KS030 through `check`: the .env files' names (never their values) in the message, in text, JSON
// and SARIF; --allow-env for names that are not secrets; warnings leave the exit status at 0.
import test from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { tempDirs } from "../support/temp-dirs";

const CLI = path.join(process.cwd(), "dist/cli.js");
const temp = tempDirs("ks-check-env-");
const VALUE = "exa-value-that-must-never-be-printed-4f1d";

function setup(): string {
  const root = temp();
  mkdirSync(path.join(root, "src"));
  writeFileSync(path.join(root, "keystroke.config.ts"), "export default {};\n");
  writeFileSync(path.join(root, ".env.local"), `# local only\nEXA_API_KEY=${VALUE}\nexport OTHER="x"\n`);
  writeFileSync(
    path.join(root, "src/search.ts"),
    `import { defineAction } from "@keystrokehq/keystroke/action";\nexport const search = defineAction({ slug: "search", credentials: [], run: async () => [process.env.EXA_API_KEY, process.env.SERVICE_REGION] });\n`,
  );
  return root;
}

function check(root: string, extra: string[]) {
  const r = spawnSync(process.execPath, [CLI, "check", "--root", root, ...extra], { encoding: "utf8", env: { ...process.env, KEYSTROKE_CREDENTIALS_HOME: temp() } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test("check reports KS030 with the .env file that makes it work locally, never its value; --allow-env exempts a name", () => {
  const root = setup();
  const text = check(root, []);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /src\/search\.ts:2:\d+ warning KS030 process\.env\.EXA_API_KEY is read in code that deploys, .* \.env\.local defines EXA_API_KEY, which is why it works under `keystroke dev`\./);
  assert.match(text.stdout, /warning KS030 process\.env\.SERVICE_REGION is read in code that deploys/);
  const json = check(root, ["--format", "json"]);
  const sarif = check(root, ["--format", "sarif"]);
  for (const out of [text.stdout, text.stderr, json.stdout, json.stderr, sarif.stdout, sarif.stderr]) assert.ok(!out.includes(VALUE), "the .env value never appears");
  const rule = (JSON.parse(sarif.stdout) as { runs: { tool: { driver: { rules: { id: string; helpUri: string }[] } } }[] }).runs[0]!.tool.driver.rules.find((r) => r.id === "KS030");
  assert.match(rule!.helpUri, /#ks030$/);

  const allowed = check(root, ["--format", "json", "--allow-env", "SERVICE_REGION"]);
  const names = (JSON.parse(allowed.stdout) as { diagnostics: { code: string; message: string }[] }).diagnostics.filter((d) => d.code === "KS030").map((d) => d.message.split(" ")[0]);
  assert.deepEqual(names, ["process.env.EXA_API_KEY"]);
});

test("check reports KS031 in every format with the masked form only", () => {
  const root = temp();
  mkdirSync(path.join(root, "src"));
  writeFileSync(path.join(root, "keystroke.config.ts"), "export default {};\n");
  const key = `sk_live_${"Q7wK2pZ9xL4mR8tV3nB6cH1j"}`;
  writeFileSync(
    path.join(root, "src/pay.ts"),
    `import { defineAction } from "@keystrokehq/keystroke/action";\nexport const pay = defineAction({ slug: "pay", credentials: [], run: async () => charge("${key}") });\n`,
  );
  const text = check(root, []);
  assert.equal(text.code, 1, "a provider-format key is an error");
  assert.match(text.stdout, /src\/pay\.ts:2:\d+ error KS031 A Stripe secret key is written in the code \(sk_l… \(32 characters\)\)/);
  for (const format of ["text", "json", "sarif"]) {
    const out = check(root, ["--format", format]);
    assert.ok(!out.stdout.includes(key.slice(4)) && !out.stderr.includes(key.slice(4)), `${format}: only the first 4 characters`);
  }
});
