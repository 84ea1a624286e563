// The guesses about the CLI's surface: argv spellings, tolerant parsing of `credentials list` and
// `auth status`, the classification of error texts, and redaction.
import test from "node:test";
import assert from "node:assert/strict";
import {
  authStatusArgs,
  classifyFailure,
  connectArgs,
  deployArgs,
  jsonErrorMessage,
  listArgs,
  localSetArgs,
  parseAuthStatus,
  parseCredentialList,
  setArgs,
  targetingFor,
} from "../../server/cloud/cli-surface";
import { redact } from "../../server/cloud/run";

const meta = { fetchedAt: "2026-11-26T12:00:00.000Z", context: {} };

function parsed(stdout: string, context = {}) {
  const result = parseCredentialList(stdout, { ...meta, context });
  assert.ok(result.ok, result.ok ? "" : result.reason);
  return result.snapshot;
}

test("argv builders follow the documented spellings", () => {
  assert.deepEqual(authStatusArgs(), ["auth", "status"]);
  assert.deepEqual(listArgs({}), ["credentials", "list"]);
  assert.deepEqual(listArgs({ organization: "acme", project: "bot" }), ["credentials", "list", "--organization", "acme", "--project", "bot"]);
  assert.deepEqual(
    setArgs("exa", [{ field: "apiKey", envVar: "V1" }, { field: "secret", envVar: "V2" }], [
      { scope: "organization" },
      { scope: "project", project: "a" },
      { scope: "user" },
      { scope: "project", project: "b" },
    ], { organization: "acme", project: "ignored" }),
    [
      "credentials", "set", "exa",
      "--set", "apiKey=@env:V1", "--set", "secret=@env:V2",
      "--scope", "org", "--scope", "project", "--project-slug", "a", "--scope", "user", "--scope", "project", "--project-slug", "b",
      "--organization", "acme",
    ],
  );
  assert.deepEqual(localSetArgs("exa", [{ field: "apiKey", envVar: "V" }]), ["--local", "credentials", "set", "exa", "--set", "apiKey=@env:V"]);
  assert.deepEqual(connectArgs("slack", {}), ["connect", "slack"]);
  assert.deepEqual(deployArgs(undefined, {}), ["deploy"]);
  assert.deepEqual(deployArgs("agents/support", { project: "bot" }), ["deploy", "--filter", "agents/support", "--project", "bot"]);
});

test("targeting flags only for what keystroke.config.ts does not already say", () => {
  const config = { organization: "acme", project: "bot" };
  assert.deepEqual(targetingFor(config, config), {});
  assert.deepEqual(targetingFor({ organization: "acme", project: "other" }, config), { project: "other" });
  assert.deepEqual(targetingFor({ organization: "beta", project: "bot" }, config), { organization: "beta" });
  assert.deepEqual(targetingFor({ organization: "acme", project: "bot" }, {}), { organization: "acme", project: "bot" });
  assert.deepEqual(targetingFor({}, config), {});
});

test("credentials list: a bare array with org/organization/project/user scopes", () => {
  const snap = parsed(
    JSON.stringify([
      { key: "exa", scope: "org", fields: ["apiKey"] },
      { key: "exa", scope: "Organization", fields: ["apiKey"], default: true },
      { key: "linear", scope: "project", project: "bot", fields: ["token"] },
      { key: "gmail", scope: "user" },
    ]),
    { organization: "acme", project: "bot" },
  );
  assert.deepEqual(snap, {
    version: 1,
    organization: "acme",
    project: "bot",
    fetchedAt: meta.fetchedAt,
    credentials: [
      { key: "exa", scope: "organization", fields: ["apiKey"] },
      { key: "exa", scope: "organization", default: true, fields: ["apiKey"] },
      { key: "linear", scope: "project", project: "bot", fields: ["token"] },
      { key: "gmail", scope: "user" },
    ],
  });
});

test("credentials list: { credentials } with project objects, key under app/slug, fields as object keys", () => {
  const snap = parsed(
    JSON.stringify({
      organization: { slug: "acme" },
      project: "bot",
      credentials: [
        { app: { slug: "hubspot" }, slug: "hubspot-main", scope: "project", project: { slug: "bot", name: "Bot" }, fields: { accessToken: "***" }, isDefault: false, id: 42 },
        { slug: "exa", scope: "org", fieldNames: [{ name: "apiKey" }], kind: "api_key", name: "Exa (prod)" },
        { app: "slack", scope: "user", kind: "something-new", projectSlug: "ignored-for-user" },
        { key: "k", scope: "project", projectSlug: "other", type: "oauth_managed" },
      ],
    }),
  );
  assert.equal(snap.organization, "acme");
  assert.equal(snap.project, "bot");
  assert.deepEqual(snap.credentials, [
    { key: "hubspot", scope: "project", project: "bot", default: false, fields: ["accessToken"], id: "42" },
    { key: "exa", scope: "organization", fields: ["apiKey"], kind: "api_key", name: "Exa (prod)" },
    { key: "slack", scope: "user" },
    { key: "k", scope: "project", project: "other", kind: "oauth_managed" },
  ]);
});

test("credentials list: text before the JSON (an update notice) is skipped", () => {
  const snap = parsed(`A new version of keystroke is available: 0.3.0\n[{"key":"exa","scope":"org"}]\n`);
  assert.deepEqual(snap.credentials, [{ key: "exa", scope: "organization" }]);
});

test("credentials list: an empty array is an empty, checked cloud", () => {
  assert.deepEqual(parsed("[]").credentials, []);
});

test("credentials list: unusable output fails with a reason instead of dropping entries", () => {
  const cases: [string, RegExp][] = [
    ["KEY  SCOPE\nexa  org\n", /not JSON/],
    ["", /not JSON/],
    [JSON.stringify([{ scope: "org" }]), /no credential key/],
    [JSON.stringify([{ key: "exa", scope: "team" }]), /0\.scope/],
    [JSON.stringify({ items: [] }), /an array of credentials or/],
    [JSON.stringify([{ key: "exa", scope: "org", fields: "apiKey" }]), /fields/],
  ];
  for (const [stdout, reason] of cases) {
    const result = parseCredentialList(stdout, meta);
    assert.equal(result.ok, false, stdout);
    if (!result.ok) assert.match(result.reason, reason, stdout);
  }
});

test("auth status: JSON, plain text, and the logged-out wordings", () => {
  assert.deepEqual(
    parseAuthStatus(0, JSON.stringify({ loggedIn: true, user: { email: "a@b.c" }, organizations: [{ slug: "acme" }, "beta"] }), ""),
    { loggedIn: true, user: "a@b.c", organizations: ["acme", "beta"], detail: JSON.stringify({ loggedIn: true, user: { email: "a@b.c" }, organizations: [{ slug: "acme" }, "beta"] }) },
  );
  assert.deepEqual(parseAuthStatus(0, "Logged in as a@b.c\nOrganization: acme\n", ""), {
    loggedIn: true,
    organizations: [],
    detail: "Logged in as a@b.c Organization: acme",
  });
  assert.equal(parseAuthStatus(0, "You are not logged in. Run keystroke auth login.", "")?.loggedIn, false);
  assert.equal(parseAuthStatus(1, "", "Error: Not logged in. Run `keystroke auth login`.")?.loggedIn, false);
  assert.equal(parseAuthStatus(1, "", "Error: network unreachable"), null);
});

test("failure texts: not logged in, not linked, anything else", () => {
  assert.equal(classifyFailure("Error: Not logged in. Run `keystroke auth login` to sign in."), "not-logged-in");
  assert.equal(classifyFailure("401 Unauthorized"), "not-logged-in");
  assert.equal(classifyFailure("Your session has expired"), "not-logged-in");
  assert.equal(classifyFailure("No project linked. Run `keystroke projects link --project <slug>`"), "not-linked");
  assert.equal(classifyFailure("this directory is not linked to a project"), "not-linked");
  assert.equal(classifyFailure("Error: the platform rejected the request (500)."), null);
  assert.equal(jsonErrorMessage(JSON.stringify({ error: { message: "boom" } })), "boom");
  assert.equal(jsonErrorMessage(JSON.stringify({ error: "bang" })), "bang");
  assert.equal(jsonErrorMessage("not json"), null);
});

test("redaction: whole values, longest first, and each line of a multi-line secret", () => {
  assert.equal(redact("key sk-abc and sk-abcdef", ["sk-abc", "sk-abcdef"]), "key [redacted] and [redacted]");
  const pem = "-----BEGIN KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END KEY-----";
  const out = redact("line: MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", [pem]);
  assert.equal(out, "line: [redacted]");
  assert.equal(redact("nothing here", [""]), "nothing here");
});

test("redaction: a value the CLI echoes JSON-escaped (quotes, backslashes, newlines)", () => {
  const secret = 'pa"ss\\word\nnext';
  const echoed = `Error: invalid value ${JSON.stringify(secret)} for apiKey`;
  assert.equal(redact(echoed, [secret]), 'Error: invalid value "[redacted]" for apiKey');
});
