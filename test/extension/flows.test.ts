// The extension's pure parts: restart back-off, the status bar text, project detection, settings
// parsing, failure buttons, and the credential command flows' validation and request bodies.
import test from "node:test";
import assert from "node:assert/strict";
import type { RequirementStatus, StatusParams } from "../../server/core/schema";
import { Backoff } from "../../extension/flows/backoff";
import {
  buildPutBody,
  fieldsToAsk,
  keyChoices,
  parseCommandArgs,
  parseKeyField,
  scopeChoices,
  validateFieldName,
  validateKey,
  validateProject,
  validateSecret,
} from "../../extension/flows/credential-input";
import { INSTALL_CLI, LOG_IN, OPEN_SETTINGS, cloudFailureButtons } from "../../extension/flows/failures";
import { GET_PLATFORM_BUILD, USE_FILE_BACKEND, keychainMissingNotice } from "../../extension/flows/keychain-missing";
import { dependsOnKeystroke } from "../../extension/flows/project";
import { readExtensionSettings } from "../../extension/flows/settings";
import { statusBarView } from "../../extension/flows/status-bar";

test("back-off doubles up to the cap, resets after a healthy run, gives up after a streak, notifies once", () => {
  const b = new Backoff({ initialMs: 100, maxMs: 500, healthyAfterMs: 10_000, maxAttempts: 5 });
  b.started(0);
  assert.deepEqual([b.crashed(1), b.crashed(2), b.crashed(3), b.crashed(4)], [100, 200, 400, 500]);
  b.started(10);
  assert.equal(b.crashed(20_000), 100, "a long healthy run starts a new streak");
  for (let i = 0; i < 4; i++) b.crashed(20_001 + i);
  assert.equal(b.crashed(30_000), null, "too many crashes in a row");
  assert.equal(b.shouldNotify(), true);
  assert.equal(b.shouldNotify(), false);
  b.reset();
  assert.equal(b.crashed(40_000), 100);
});

const checked = { state: "checked" as const, checkedAt: "t" };

test("status bar: worst checked target, warning when a target is not checked, reasons in the tooltip", () => {
  const both: StatusParams = { targets: { local: checked, cloud: checked }, missing: { local: 2, cloud: 1 }, requirements: 5 };
  const view = statusBarView(both);
  assert.equal(view.text, "$(key) 2 missing");
  assert.equal(view.warning, false);
  assert.match(view.tooltip, /Local store: 2 missing/);
  assert.match(view.tooltip, /Cloud: 1 missing/);
  const cloudDown = statusBarView({ ...both, targets: { local: checked, cloud: { state: "unchecked", reason: "not logged in" } }, missing: { local: 0, cloud: 0 } });
  assert.equal(cloudDown.text, "$(key) 0 missing");
  assert.equal(cloudDown.warning, true);
  assert.match(cloudDown.tooltip, /Cloud: not checked — not logged in/);
  const none = statusBarView({ ...both, targets: { local: { state: "unchecked", reason: "dev server down" }, cloud: { state: "unchecked", reason: "x" } } });
  assert.equal(none.text, "$(key) not checked");
  assert.equal(statusBarView(null).warning, false);
});

test("project detection reads every dependency field and tolerates bad JSON", () => {
  assert.equal(dependsOnKeystroke('{"dependencies":{"@keystrokehq/keystroke":"latest"}}'), true);
  assert.equal(dependsOnKeystroke('{"devDependencies":{"@keystrokehq/keystroke":"1"}}'), true);
  assert.equal(dependsOnKeystroke('{"dependencies":{"@keystrokehq/gmail":"latest"}}'), false);
  assert.equal(dependsOnKeystroke("{not json"), false);
  assert.equal(dependsOnKeystroke("null"), false);
});

test("settings: defaults, and a bad value falls back instead of failing", () => {
  assert.deepEqual(readExtensionSettings(() => undefined), { cliPath: "", refreshMinutes: 10, devServerPort: 0, secretBackend: "keychain" });
  const values: Record<string, unknown> = { cliPath: " /opt/keystroke ", "cloud.refreshMinutes": -3, "devServer.port": 70000, secretBackend: "file" };
  assert.deepEqual(readExtensionSettings((k) => values[k]), { cliPath: "/opt/keystroke", refreshMinutes: 10, devServerPort: 0, secretBackend: "file" });
  assert.equal(readExtensionSettings((k) => (k === "cloud.refreshMinutes" ? 0 : undefined)).refreshMinutes, 0);
});

test("no keychain binary: said once, in words, with the platform build and the file backend as the ways on", () => {
  const missing = { ok: true, version: "0.1.0", secretBackend: "keychain" as const, secretsUnavailable: "This installation has no OS keychain module…", keychainModuleMissing: true as const };
  const notice = keychainMissingNotice(missing, false);
  assert.deepEqual(notice?.buttons, [GET_PLATFORM_BUILD, USE_FILE_BACKEND]);
  assert.match(notice!.message, /no OS keychain module for your platform.*\(the analysis still runs\)\. Install the extension built for your platform, or use the file backend\.$/);
  assert.equal(keychainMissingNotice(missing, true), null, "once per window");
  assert.equal(keychainMissingNotice({ ...missing, keychainModuleMissing: undefined, secretsUnavailable: "locked" }, false), null, "a locked keychain is another case");
  assert.equal(keychainMissingNotice({ ...missing, secretBackend: "file" }, false), null);
});

test("failure buttons offer the fix that applies", () => {
  assert.deepEqual(cloudFailureButtons("cli-not-found"), [INSTALL_CLI, OPEN_SETTINGS]);
  assert.deepEqual(cloudFailureButtons("not-logged-in"), [LOG_IN]);
  assert.deepEqual(cloudFailureButtons("cancelled"), []);
});

const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
function req(key: string, action: string, localStatus: "missing" | "resolved", fields: [string, boolean][]): RequirementStatus {
  return {
    key,
    kind: "api_key",
    file: "a.ts",
    range,
    pin: null,
    action: { name: action, file: "a.ts", range, callers: [] },
    fields: fields.map(([name, required]) => ({ name, required })),
    definition: null,
    catalog: false,
    targets: {
      local: localStatus === "missing" ? { status: "missing", code: "KS001", message: "", existsAt: [] } : { status: "resolved", scope: "project", isDefault: true, missingFields: [] },
      cloud: { status: "unchecked", reason: "x" },
    },
  };
}

test("credential flow: fields come from the quick fix, else the definition (required first)", () => {
  const reqs = [req("exa", "search", "missing", [["region", false], ["apiKey", true]]), req("exa", "other", "missing", [["apiKey", true]])];
  assert.deepEqual(fieldsToAsk("exa", null, reqs), [{ name: "apiKey", required: true }, { name: "region", required: false }]);
  assert.deepEqual(fieldsToAsk("exa", { key: "exa", fields: ["token"] }, reqs), [{ name: "token", required: true }]);
  assert.deepEqual(fieldsToAsk("unknown", null, reqs), []);
});

test("credential flow: key picker lists missing keys first with the actions that need them", () => {
  const choices = keyChoices([req("b", "x", "resolved", []), req("a", "y", "resolved", []), req("c", "z", "missing", []), req("c", "w", "missing", [])]);
  assert.deepEqual(choices.map((c) => c.key), ["c", "a", "b"]);
  assert.equal(choices[0]!.detail, "needed by z, w");
});

test("credential flow: validators answer a message or undefined", () => {
  assert.equal(validateKey("exa"), undefined);
  assert.match(validateKey("bad key")!, /letters, digits/);
  assert.equal(validateFieldName("apiKey"), undefined);
  assert.match(validateFieldName("api-key")!, /identifier/);
  assert.match(validateSecret("", "apiKey")!, /Enter the value of apiKey/);
  assert.equal(validateSecret("x", "apiKey"), undefined);
  assert.equal(validateProject(""), undefined);
  assert.match(validateProject("-bad")!, /slug/);
  assert.equal(scopeChoices("user")[0]!.scope, "user");
  assert.equal(scopeChoices()[0]!.scope, "project");
});

test("credential flow: command args and bodies are validated; messages never echo values", () => {
  assert.deepEqual(parseCommandArgs({ key: "exa", scope: "project", fields: ["apiKey"] }), { key: "exa", scope: "project", fields: ["apiKey"] });
  assert.equal(parseCommandArgs({ key: "exa" }), null);
  assert.equal(parseCommandArgs(undefined), null);
  const ok = buildPutBody({ key: " exa ", scope: "organization", project: "ignored", fields: { apiKey: "v" } });
  assert.deepEqual(ok, { ok: true, body: { key: "exa", scope: "organization", fields: { apiKey: "v" } } });
  const bad = buildPutBody({ key: "exa", scope: "project", fields: { "bad-field": "sk-should-not-appear" } });
  assert.equal(bad.ok, false);
  assert.ok(!("message" in bad && bad.message.includes("sk-should-not-appear")));
  assert.deepEqual(parseKeyField("acme-crm.token"), { key: "acme-crm", field: "token" });
  assert.ok("error" in parseKeyField("nodot"));
  assert.ok("error" in parseKeyField("exa.bad-field"));
});
