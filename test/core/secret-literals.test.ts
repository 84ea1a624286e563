// KS031: hard-coded secrets in code that deploys. 23 provider formats, each with a value built
// here from a seeded generator (no real-looking secret is committed), and 24 decoys that must give
// nothing: placeholders, examples, UUIDs, hashes, data: URLs, local development URLs, comments,
// code that is not a literal. No finding, message or data carries more than 4 characters of a value.
import test from "node:test";
import assert from "node:assert/strict";
import { computeFindings, ProjectIndex } from "../../server/core/analysis";
import type { Finding } from "../../server/core/schema";
import { ACTION, UNCHECKED, project } from "./helpers";

/** Deterministic "random" text from `alphabet` (a linear congruential generator; no placeholder words by construction). */
function gen(seed: number, length: number, alphabet: string): string {
  let x = seed;
  let out = "";
  while (out.length < length) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out += alphabet[(x >>> 16) % alphabet.length];
  }
  return out;
}
const ALNUM = "QWERTZUPLKJHGFDSAYVNMqwrtzuplkjhgfdsayvnm23456789";
const HEXL = "0123456789abcdef";
const B32 = "QWRTZUPLKJHGFDSYVNM234567";

const PROVIDERS: [string, string][] = [
  ["AWS access key", `AKIA${gen(1, 16, B32)}`],
  ["GitHub token", `ghp_${gen(2, 36, ALNUM)}`],
  ["GitHub token", `gho_${gen(3, 36, ALNUM)}`],
  ["GitHub fine-grained token", `github_pat_${gen(4, 82, `${ALNUM}_`)}`],
  ["GitLab token", `glpat-${gen(5, 20, ALNUM)}`],
  ["Slack token", `xoxb-${gen(6, 11, "23456789")}-${gen(7, 24, ALNUM)}`],
  ["Slack webhook", `https://hooks.slack.com/services/T${gen(8, 8, B32)}/B${gen(9, 8, B32)}/${gen(10, 24, ALNUM)}`],
  ["Stripe secret key", `sk_live_${gen(11, 24, ALNUM)}`],
  ["Stripe secret key", `rk_live_${gen(12, 24, ALNUM)}`],
  ["OpenAI API key", `sk-proj-${gen(13, 64, ALNUM)}`],
  ["Anthropic API key", `sk-ant-api03-${gen(14, 93, ALNUM)}`],
  ["Google API key", `AIza${gen(15, 35, ALNUM)}`],
  ["Twilio API key", `SK${gen(16, 32, HEXL)}`],
  ["SendGrid API key", `SG.${gen(17, 22, ALNUM)}.${gen(18, 43, ALNUM)}`],
  ["npm token", `npm_${gen(19, 36, ALNUM)}`],
  ["PyPI token", `pypi-AgEIcHlwaS5vcmc${gen(20, 60, ALNUM)}`],
  ["Linear API key", `lin_api_${gen(21, 40, ALNUM)}`],
  ["Shopify access token", `shpat_${gen(22, 32, HEXL)}`],
  ["DigitalOcean token", `dop_v1_${gen(23, 64, HEXL)}`],
  ["Hugging Face token", `hf_${gen(24, 34, "QWERTZUPLKJHGFDSAYVNMqwrtzuplkjhgfdsayvnm")}`],
  ["Mailchimp API key", `${gen(25, 32, HEXL)}-us14`],
  ["Mailgun API key", `key-${gen(26, 32, HEXL)}`],
  ["Square access token", `sq0atp-${gen(27, 22, ALNUM)}`],
  ["private key", `-----BEGIN RSA PRIVATE KEY-----\\n${gen(28, 64, ALNUM)}\\n-----END RSA PRIVATE KEY-----`],
  ["password in a URL", `postgres://app:${gen(29, 18, ALNUM)}@db.internal.acme.io:5432/app`],
];

const DECOYS: string[] = [
  "sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
  "your-api-key",
  "<token>",
  "changeme",
  "AKIAIOSFODNN7EXAMPLE",
  `sk_live_${"x".repeat(24)}`,
  "ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
  "3f2504e0-4f89-11d3-9a0c-0305e82c3301",
  gen(30, 64, HEXL),
  gen(31, 40, HEXL),
  `data:image/png;base64,${gen(32, 120, ALNUM)}`,
  "postgres://postgres:postgres@localhost:5432/app",
  "postgres://user:password@db.internal/app",
  "mysql://root:${DB_PASSWORD}@db/app",
  "https://example.com/path?x=1",
  "sk-ant-api03-REPLACE_ME",
  "xoxb-your-token-here",
  "AIzaSyDUMMYDUMMYDUMMYDUMMYDUMMYDUMMYDUM",
  "-----BEGIN PUBLIC KEY-----",
  "-----BEGIN CERTIFICATE-----",
  "sha256-" + gen(33, 44, ALNUM).replace(/[a-z]/g, ""),
  "The quick brown fox jumps over the lazy dog",
  "lin_api_",
  "npm_package_version",
];

function findings(index: ProjectIndex): Finding[] {
  return computeFindings(index.model(), { local: UNCHECKED, cloud: UNCHECKED }).filter((f) => f.code === "KS031");
}

const inAction = (literals: string[]) =>
  `${ACTION}export const a = defineAction({ slug: "a", credentials: [], run: async () => [\n${literals.map((l) => `  ${JSON.stringify(l).replace(/\\\\n/g, "\\n")},`).join("\n")}\n] });\n`;

test("23 provider formats in deployed code: an error each, naming the provider, never the value", () => {
  const index = project({ "src/a.ts": inAction(PROVIDERS.map(([, v]) => v)) });
  const found = findings(index);
  assert.deepEqual(found.map((f) => f.range.start.line + 1), PROVIDERS.map((_, i) => i + 3), found.map((f) => f.message).join("\n"));
  found.forEach((f, i) => {
    const [provider, value] = PROVIDERS[i]!;
    assert.equal(f.severity, "error", provider);
    assert.match(f.message, new RegExp(`^A ${provider} is written in the code \\(.{4}… \\(\\d+ characters\\)\\): it ships with every deploy`));
    const shown = JSON.stringify(f);
    // Only the first 4 characters are shown: no 8 characters of the value from the second on.
    for (let start = 1; start + 8 <= value.length; start++) assert.ok(!shown.includes(value.slice(start, start + 8)), `${provider}: part of the value in ${shown}`);
  });
  assert.ok(new Set(PROVIDERS.map(([p]) => p)).size >= 20);
});

test("24 decoys give nothing", () => {
  const index = project({ "src/a.ts": inAction(DECOYS) });
  assert.deepEqual(findings(index).map((f) => f.message), []);
});

test("a random value bound to a credential-like name is a warning (a guess); other names and low-entropy values are not", () => {
  const key = gen(40, 32, ALNUM);
  const index = project({
    "src/a.ts": `${ACTION}const apiKey = "${key}";\nconst config = { clientSecret: "${gen(41, 28, ALNUM)}", region: "${gen(42, 28, ALNUM)}", password: "hunter2hunter2hunter2" };\nlet token = "";\ntoken = "${gen(43, 30, ALNUM)}";\nexport const a = defineAction({ slug: "a", credentials: [], run: async () => [apiKey, config, token] });\n`,
  });
  const found = findings(index);
  assert.deepEqual(found.map((f) => `${f.range.start.line + 1} ${f.severity}`), ["2 warning", "3 warning", "5 warning"]);
  assert.match(found[0]!.message, /^The value of "apiKey" looks like a key \(.{4}… \(32 characters\); a guess from its randomness\)/);
  assert.ok(!JSON.stringify(found).includes(key.slice(4, 12)));
});

test("only code that deploys: a module no primitive loads, tests, scripts/ and comments are not scanned", () => {
  const secret = `ghp_${gen(50, 36, ALNUM)}`;
  const index = project({
    "src/a.ts": `${ACTION}// an old token: ${secret}\nexport const a = defineAction({ slug: "a", credentials: [] });\n`,
    "src/unused.ts": `export const t = "${secret}";\n`,
    "src/a.test.ts": `export const t = "${secret}";\n`,
    "scripts/seed.ts": `export const t = "${secret}";\n`,
  });
  assert.deepEqual(findings(index), []);
});

test("a private key whose random body happens to hold a placeholder word is still a key; a placeholder key is not", () => {
  // About 3% of random 20 000-character bodies hold "your" or "xxxx" in some case: chance, not a placeholder.
  const body = (words: string) => `${gen(60, 300, `${ALNUM}+/`)}${words}${gen(61, 300, `${ALNUM}+/`)}`.match(/.{1,64}/g)!.join("\\n");
  const pem = (inner: string) => `-----BEGIN PRIVATE KEY-----\\n${inner}\\n-----END PRIVATE KEY-----`;
  const index = project({
    "src/a.ts": inAction([pem(body("yOUrXxXx")), pem("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC...your key here..."), pem("X".repeat(400)), pem(`${gen(62, 100, ALNUM)}<your-key>${gen(63, 300, ALNUM)}`)]),
  });
  assert.deepEqual(findings(index).map((f) => `${f.range.start.line + 1} ${f.severity}`), ["3 error"]);
});
