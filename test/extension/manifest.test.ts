// The manifest is part of the contract with users and with the end-to-end tests: command titles,
// the view, settings with localized descriptions, capabilities, and what the VSIX ships.
import test from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { AGENT_TOOLS, COMMANDS, TREE_COMMANDS } from "../../extension/command-ids";
import { ExplainInput, StatusInput } from "../../server/core/agent-tools";

const root = process.cwd();
const manifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
const nls = JSON.parse(readFileSync(path.join(root, "package.nls.json"), "utf8")) as Record<string, string>;
const localized = (value: string) => (/^%.+%$/.test(value) ? nls[value.slice(1, -1)] : value);

test("every command the code implements is contributed, with the issue's titles in category Keystroke", () => {
  const contributed = manifest.contributes.commands as { command: string; title: string; category: string }[];
  assert.deepEqual(contributed.map((c) => c.command).sort(), [...Object.values(COMMANDS), ...Object.values(TREE_COMMANDS)].sort());
  const titles = Object.fromEntries(contributed.map((c) => [c.command, localized(c.title)]));
  assert.deepEqual(
    Object.values(COMMANDS).filter((id) => id !== COMMANDS.openCredentialManager && id !== COMMANDS.moveToCredential).map((id) => titles[id]),
    ["Set Local Credential…", "Push Credential to Cloud…", "Connect App…", "Deploy", "Refresh Cloud Credentials", "Open Credential Manager in Browser", "Import from .env…", "Show Output", "Restart Language Server", "Move Selection to a Credential…", "Set Up Coding Agents…", "Resolve All Missing…", "Select Project…"],
  );
  for (const c of contributed) assert.equal(c.category, "Keystroke");
  const palette = manifest.contributes.menus.commandPalette as { command: string; when?: string }[];
  assert.equal(palette.find((p) => p.command === COMMANDS.openCredentialManager)?.when, "keystroke.isProject", "the manager panel opens from the palette too");
  assert.equal(palette.find((p) => p.command === COMMANDS.moveToCredential)?.when, "false", "the quick fix's command needs its arguments");
  assert.equal(titles[COMMANDS.moveToCredential], "Move to a Credential…");
  for (const id of [COMMANDS.pushCredential, COMMANDS.deploy, COMMANDS.connectApp, COMMANDS.setLocalCredential])
    assert.match(palette.find((p) => p.command === id)?.when ?? "", /isWorkspaceTrusted/);
  // Outside a Keystroke project the palette offers none of them (the runtime sets the context key).
  for (const p of palette.filter((p) => p.when !== "false")) assert.match(p.when ?? "", /^keystroke\.isProject( &&|$)/, p.command);
  assert.equal(manifest.contributes.views.keystroke[0].when, "keystroke.isProject", "the Credentials view, and so its container, only in a Keystroke project");
});

test("activity-bar container Keystroke: the native Requirements, Local Store and Cloud trees; no webview in the sidebar", () => {
  const [container] = manifest.contributes.viewsContainers.activitybar;
  assert.equal(container.id, "keystroke");
  assert.equal(localized(container.title), "Keystroke");
  assert.ok(existsSync(path.join(root, container.icon)));
  const views = manifest.contributes.views.keystroke as { type?: string; id: string; name: string; when: string; visibility?: string }[];
  assert.deepEqual(views.map((v) => [v.type ?? "tree", v.id, localized(v.name)]), [
    ["tree", "keystroke.requirements", "Requirements"],
    ["tree", "keystroke.localStore", "Local Store"],
    ["tree", "keystroke.cloud", "Cloud"],
  ]);
  for (const v of views) assert.equal(v.when, "keystroke.isProject");
  // One refresh per view; every writing item action only in a trusted local workspace.
  const titles = manifest.contributes.menus["view/title"] as { command: string; when: string }[];
  for (const view of ["keystroke.requirements", "keystroke.localStore", "keystroke.cloud"]) {
    assert.equal(titles.filter((t) => t.when.startsWith(`view == ${view}`) && /refresh/i.test(t.command)).length, 1, view);
  }
  const items = manifest.contributes.menus["view/item/context"] as { command: string; when: string }[];
  for (const i of items.filter((i) => !/goToDefinition|copyCliCommand/.test(i.command))) assert.match(i.when, /isWorkspaceTrusted && !virtualWorkspace/, i.command);
  const welcome = manifest.contributes.viewsWelcome as { view: string; when: string }[];
  assert.ok(welcome.some((w) => w.view === "keystroke.localStore" && w.when === "!isWorkspaceTrusted"), "Restricted Mode is said in the store view");
});

test("settings: the issue's keys, each with a default and a localized description", () => {
  const props = manifest.contributes.configuration.properties as Record<string, { default?: unknown; markdownDescription?: string; enumDescriptions?: string[] }>;
  assert.deepEqual(Object.keys(props).sort(), [
    "keystroke.allowedEnv", "keystroke.cliPath", "keystroke.cloud.refreshMinutes", "keystroke.devServer.port", "keystroke.diagnostics.cloud",
    "keystroke.diagnostics.local", "keystroke.exclude", "keystroke.secretBackend", "keystroke.trace.server",
  ]);
  for (const [key, p] of Object.entries(props)) {
    assert.ok("default" in p, `${key} has a default`);
    assert.ok(p.markdownDescription && localized(p.markdownDescription), `${key} has a localized description`);
    for (const d of p.enumDescriptions ?? []) assert.ok(localized(d), `${key} enum description`);
  }
  assert.equal(props["keystroke.cloud.refreshMinutes"]!.default, 10);
});

test("every %placeholder% in the manifest has a string in package.nls.json", () => {
  const placeholders = JSON.stringify(manifest).match(/%[A-Za-z0-9._-]+%/g) ?? [];
  for (const p of placeholders) assert.ok(nls[p.slice(1, -1)], `${p} is localized`);
});

test("activation, trust and virtual-workspace capabilities", () => {
  assert.deepEqual(manifest.activationEvents, ["workspaceContains:**/keystroke.config.ts", "workspaceContains:package.json", "onWebviewPanel:keystroke.manager"]);
  assert.equal(manifest.capabilities.untrustedWorkspaces.supported, "limited");
  assert.ok(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations.includes("keystroke.cliPath"));
  // A repository's own exclude globs apply in Restricted Mode too: they only narrow the analysis,
  // and the glob matcher stays linear on any pattern.
  assert.ok(!manifest.capabilities.untrustedWorkspaces.restrictedConfigurations.includes("keystroke.exclude"));
  assert.equal(manifest.capabilities.virtualWorkspaces.supported, "limited");
  assert.ok(manifest.contributes.problemMatchers.some((m: { name: string }) => m.name === "keystroke-tsc"));
});

test("the deploy problem matcher reads tsc-style lines", () => {
  const matcher = manifest.contributes.problemMatchers.find((m: { name: string }) => m.name === "keystroke-tsc");
  const m = new RegExp(matcher.pattern.regexp).exec("src/actions/search.ts(12,5): error TS2322: Type 'string' is not assignable to type 'number'.");
  assert.deepEqual(m && [m[matcher.pattern.file], m[matcher.pattern.line], m[matcher.pattern.column], m[matcher.pattern.severity], m[matcher.pattern.code]], ["src/actions/search.ts", "12", "5", "error", "TS2322"]);
  const lint = manifest.contributes.problemMatchers.find((m: { name: string }) => m.name === "keystroke-lint");
  const l = new RegExp(lint.pattern.regexp).exec("src/a.ts:3:7: Unexpected any. Specify a different type. [Error/typescript/no-explicit-any]");
  assert.deepEqual(l && [l[1], l[2], l[3], l[5], l[6]], ["src/a.ts", "3", "7", "Error", "typescript/no-explicit-any"]);
});

test("the activation bundle stays tiny: zod and the language client load only after activation", () => {
  const entry = path.join(root, "dist/extension.js");
  assert.ok(statSync(entry).size < 20_000, `dist/extension.js is ${statSync(entry).size} bytes`);
  const text = readFileSync(entry, "utf8");
  assert.doesNotMatch(text, /vscode-languageclient|ZodError/);
});

test("agent mode's tools: each implemented one contributed with its descriptions; read tools take the MCP tools' input schemas; writing tools only in trusted workspaces", () => {
  const tools = manifest.contributes.languageModelTools as { name: string; toolReferenceName: string; displayName: string; userDescription: string; modelDescription: string; inputSchema: { properties: Record<string, { type: string }>; required?: string[] }; when?: string }[];
  assert.deepEqual(tools.map((t) => t.name).sort(), Object.values(AGENT_TOOLS).sort());
  for (const t of tools) {
    assert.ok(t.toolReferenceName && t.displayName && t.userDescription, t.name);
    assert.match(t.modelDescription, /never returns secret values/, t.name);
    assert.ok(!Object.keys(t.inputSchema.properties).some((p) => /value|secret|password|token/i.test(p)), `${t.name} takes no value`);
  }
  const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
  // The same inputs as the MCP server's tools (zod's JSON Schema of them, without zod's bookkeeping).
  const shape = (schema: z.ZodType) => {
    const json = z.toJSONSchema(schema) as { properties: Record<string, Record<string, unknown>> };
    return Object.fromEntries(Object.entries(json.properties).map(([k, v]) => [k, v.type]));
  };
  const types = (name: string) => Object.fromEntries(Object.entries(byName[name]!.inputSchema.properties).map(([k, v]) => [k, v.type]));
  assert.deepEqual(types(AGENT_TOOLS.status), shape(StatusInput));
  assert.deepEqual(types(AGENT_TOOLS.explain), shape(ExplainInput));
  for (const name of [AGENT_TOOLS.request, AGENT_TOOLS.push]) {
    assert.match(byName[name]!.when ?? "", /isWorkspaceTrusted/, name);
    assert.deepEqual(byName[name]!.inputSchema.required, ["key"]);
  }
  for (const name of [AGENT_TOOLS.status, AGENT_TOOLS.explain]) assert.equal(byName[name]!.when, undefined, "read-only tools work in Restricted Mode too");
  // languageModelTools and their prepareInvocation need VS Code 1.95; vsce refuses @types newer than engines.
  const engine = /^\^(\d+)\.(\d+)\./.exec(manifest.engines.vscode as string)!;
  assert.ok(Number(engine[1]) === 1 && Number(engine[2]) >= 95, manifest.engines.vscode);
  assert.equal(manifest.devDependencies["@types/vscode"], `${engine[1]}.${engine[2]}.0`);
});
