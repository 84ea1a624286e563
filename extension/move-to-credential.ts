// "Move to a credential…" (KS030/KS031 quick fix). In an order that loses nothing: the person
// picks the definition and the scope; the value (the literal from this document, or the .env
// value through the dev server's import, else a masked input) is stored first; only then does the
// language server's one workspace edit move the code onto the credential. If storing fails the
// code is untouched; if the edit fails the value is stored and the code still works as before.
// The value goes extension → dev server; the language server only ever sees ranges and names.
import * as vscode from "vscode";
import { ImportDotenvBody, MoveToCredentialArgs, PUSH_CREDENTIAL_COMMAND, describeZodError, type Scope, type StoreEntry } from "../server/core/schema";
import { showFailure } from "./failures";
import { assignsName, ENV_FILES } from "../server/workspace/env-files";
import { buildPutBody, scopeChoices, validateFieldName, validateKey, validateSecret } from "./flows/credential-input";
import type { Services } from "./services";

const TITLE = "Keystroke: Move to a Credential";

export async function moveToCredential(services: Services, raw: unknown): Promise<void> {
  if (services.restriction !== null) return void vscode.window.showWarningMessage(`Keystroke: ${services.restriction}`);
  const parsed = MoveToCredentialArgs.safeParse(raw);
  if (!parsed.success) return void vscode.window.showErrorMessage(`Keystroke: cannot move to a credential: ${describeZodError(parsed.error)}`);
  const args = parsed.data;
  const target = await chooseCredential(args);
  if (!target) return;
  const scope = (await vscode.window.showQuickPick(scopeChoices().map((c) => ({ label: c.label, description: c.description, scope: c.scope })), { title: `${TITLE}: ${target.key}`, placeHolder: "Store the value at which scope?" }))?.scope;
  if (!scope) return;

  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(args.uri));
  let stored: StoreEntry;
  try {
    const entry = await storeValue(services, document, args, target.key, target.field, scope);
    if (!entry) return;
    stored = entry;
  } catch (error) {
    return showFailure(services, `Nothing was changed in the code: ${target.key} could not be stored (${(error as Error).message}).`);
  }

  const result = await services.lsp.moveToCredentialEdit({ uri: args.uri, range: args.range, key: target.key, field: target.field, ...(target.existing ? { existing: target.existing } : {}) });
  const applied = "edit" in result && (await vscode.workspace.applyEdit(result.edit));
  if (!applied) {
    const why = "error" in result ? result.error : "VS Code did not apply the edit";
    return void vscode.window.showErrorMessage(`Keystroke: ${target.key}.${target.field} is stored in the local store, but the code was not changed: ${why}.`);
  }
  const rotate = args.code === "KS031" ? " The key stays in git history and VS Code's local history: rotate it with the provider." : "";
  const push = "Push to the Cloud…";
  const choice = await vscode.window.showInformationMessage(`Keystroke: ${target.key}.${target.field} is stored locally (${scope}) and the action reads it from its credentials.${rotate}`, push);
  if (choice === push) await vscode.commands.executeCommand(PUSH_CREDENTIAL_COMMAND, { key: stored.key, scope, fields: [target.field] });
}

/** The palette command: the selected string literal of the active editor, through the same flow. */
export async function moveSelectionToCredential(services: Services): Promise<void> {
  if (services.restriction !== null) return void vscode.window.showWarningMessage(`Keystroke: ${services.restriction}`);
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.selection.isEmpty) return void vscode.window.showWarningMessage("Keystroke: select the string that holds the secret first.");
  const { start, end } = editor.selection;
  const answer = await services.lsp.moveSelectionArgs({ uri: editor.document.uri.toString(), range: { start: { line: start.line, character: start.character }, end: { line: end.line, character: end.character } } });
  if ("error" in answer) return void vscode.window.showWarningMessage(`Keystroke: cannot move the selection to a credential: ${answer.error}.`);
  await moveToCredential(services, answer.args);
}

interface Target {
  key: string;
  field: string;
  existing?: { file: string; exportName: string };
}

async function chooseCredential(args: MoveToCredentialArgs): Promise<Target | undefined> {
  const created = { label: `$(add) New credential "${args.key}"`, description: `field ${args.field}`, definition: undefined };
  const existing = args.definitions.map((d) => ({ label: `$(key) ${d.key}`, description: d.file, detail: `fields: ${d.fields.join(", ") || "none declared"}`, definition: d }));
  const sameKey = existing.filter((e) => e.definition.key === args.key);
  const items = [...sameKey, created, ...existing.filter((e) => e.definition.key !== args.key)];
  const picked = items.length === 1 ? created : await vscode.window.showQuickPick(items, { title: TITLE, placeHolder: "Which credential should hold the value?" });
  if (!picked) return undefined;
  if (picked.definition) {
    const d = picked.definition;
    const field = d.fields.length === 1 ? d.fields[0] : (await vscode.window.showQuickPick([...new Set([...(d.fields.includes(args.field) ? [args.field] : []), ...d.fields])], { title: `${TITLE}: ${d.key}`, placeHolder: "Which field?" }));
    return field ? { key: d.key, field, existing: { file: d.file, exportName: d.exportName } } : undefined;
  }
  const key = await vscode.window.showInputBox({ title: TITLE, prompt: "Key of the new credential (defineCredential({ key }))", value: args.key, validateInput: validateKey, ignoreFocusOut: true });
  if (!key) return undefined;
  const field = await vscode.window.showInputBox({ title: `${TITLE}: ${key}`, prompt: "Its field", value: args.field, validateInput: validateFieldName, ignoreFocusOut: true });
  return field ? { key: key.trim(), field: field.trim() } : undefined;
}

/** Stores the value; undefined when the person cancelled. Throws with the store's message on failure. */
async function storeValue(services: Services, document: vscode.TextDocument, args: MoveToCredentialArgs, key: string, field: string, scope: Scope): Promise<StoreEntry | undefined> {
  const store = await services.store();
  if (args.code === "KS031" && args.valueRange) {
    const value = document.getText(new vscode.Range(args.valueRange.start.line, args.valueRange.start.character, args.valueRange.end.line, args.valueRange.end.character));
    if (value.includes("\\")) throw new Error("the literal holds escape sequences; store the value by hand with Set Local Credential");
    return put(store, key, field, scope, value);
  }
  if (args.envName) {
    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    for (const name of folder ? ENV_FILES : []) {
      let content: string;
      try {
        content = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder!.uri, name)));
      } catch {
        continue;
      }
      if (!assignsName(content, args.envName)) continue;
      const body = ImportDotenvBody.parse({ content, mapping: [{ env: args.envName, key, field, scope }] });
      const result = await store.importDotenv(body);
      if (result.entries[0]) return result.entries[0];
    }
  }
  const value = await vscode.window.showInputBox({ title: `${TITLE}: ${key}`, prompt: `Value of ${field}${args.envName ? ` (no .env file of the project sets ${args.envName})` : ""}`, password: true, ignoreFocusOut: true, validateInput: (v) => validateSecret(v, field) });
  return value === undefined ? undefined : put(store, key, field, scope, value);
}

async function put(store: Awaited<ReturnType<Services["store"]>>, key: string, field: string, scope: Scope, value: string): Promise<StoreEntry> {
  const built = buildPutBody({ key, scope, fields: { [field]: value } });
  if (!built.ok) throw new Error(built.message);
  return store.put(built.body);
}
