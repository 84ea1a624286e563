// The documented `keystroke credentials set` / `connect` syntax shared by the findings' suggested
// commands, the webview's "Copy CLI" and the cloud adapter's argv.
import test from "node:test";
import assert from "node:assert/strict";
import {
  PROJECT_SLUG_PLACEHOLDER,
  commandLine,
  connectArgs,
  credentialTarget,
  credentialsSetArgs,
  envReferences,
  envVarName,
} from "../../server/core/cli-syntax";
import { cloudCommand } from "../../server/core/findings/catalog";

test("envVarName follows the docs' EXA_API_KEY convention", () => {
  assert.equal(envVarName("exa", "apiKey"), "EXA_API_KEY");
  assert.equal(envVarName("acme-crm", "apiKey"), "ACME_CRM_API_KEY");
  // Separators at either end are dropped rather than doubled.
  assert.equal(envVarName("exa-", "$token"), "EXA_TOKEN");
  assert.equal(envVarName("acme.crm", ""), "ACME_CRM_");
});

test("credentials set: @env references, `org` for organization, a slug per project target", () => {
  const refs = envReferences("exa", ["apiKey", "secret"]);
  assert.deepEqual(
    credentialsSetArgs("exa", refs, [{ scope: "organization" }, { scope: "project", project: "a" }, { scope: "user" }]),
    ["credentials", "set", "exa", "--set", "apiKey=@env:EXA_API_KEY", "--set", "secret=@env:EXA_SECRET", "--scope", "org", "--scope", "project", "--project-slug", "a", "--scope", "user"],
  );
  assert.deepEqual(connectArgs("slack"), ["connect", "slack"]);
});

test("commandLine quotes for a POSIX shell but leaves the project placeholder readable", () => {
  assert.equal(
    commandLine(credentialsSetArgs("exa", envReferences("exa", ["apiKey"]), [credentialTarget("organization", undefined)])),
    "keystroke credentials set exa --set apiKey=@env:EXA_API_KEY --scope org",
  );
  assert.equal(
    commandLine(credentialsSetArgs("exa", [], [credentialTarget("project", undefined)])),
    `keystroke credentials set exa --scope project --project-slug ${PROJECT_SLUG_PLACEHOLDER}`,
  );
  assert.equal(commandLine(["connect", "it's $HOME"]), `keystroke connect 'it'\\''s $HOME'`);
});

test("the findings' suggested cloud command is the same spelling", () => {
  assert.equal(cloudCommand("exa", "api_key", "organization", []), "keystroke credentials set exa --set apiKey=@env:EXA_API_KEY --scope org");
  assert.equal(
    cloudCommand("acme-crm", "api_key", "project", ["token"], "bot"),
    "keystroke credentials set acme-crm --set token=@env:ACME_CRM_TOKEN --scope project --project-slug bot",
  );
  assert.equal(cloudCommand("exa", "api_key", "user", ["apiKey"]), "keystroke credentials set exa --set apiKey=@env:EXA_API_KEY --scope user");
  assert.equal(cloudCommand("slack", "oauth_managed", "organization", []), "keystroke connect slack");
});
