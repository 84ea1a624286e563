// The palette commands (category "Keystroke") and the commands the language server attaches to
// quick fixes and code lenses. Prompts live here; what to ask, validation and request bodies come
// from the pure flows in ./flows so they are unit-tested without VS Code.
import * as vscode from "vscode";
import {
  ImportDotenvBody,
  describeZodError,
  type CloudSnapshotParams,
  type CredentialCommandArgs,
  type PushTarget,
  type RequirementStatus,
  type Scope,
  type StoreEntry,
} from "../server/core/schema";
import { dotenvNames, dotenvPlan, entryLabel, importSummary } from "../webview/model";
import { cloudEntryAt, describeCloudEntry, pushPreview, pushQuestion } from "../server/core/push-preview";
import { plural } from "../server/core/plural";
import { runConnectTerminal } from "./connect-terminal";
import { deployTask } from "./deploy-task";
import { moveSelectionToCredential, moveToCredential } from "./move-to-credential";
import { showFailure } from "./failures";
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
} from "./flows/credential-input";
import { askFieldValues } from "./field-prompts";
import { COMMANDS } from "./command-ids";
import type { ManagerViewProvider } from "./manager-view";
import type { Services } from "./services";
import { setUpCodingAgents } from "./set-up-agents";

const OTHER_KEY = "$(edit) Another key…";

/** Stops a flow with a message when the store or the CLI are off in this workspace. */
function restricted(services: Services): boolean {
  const reason = services.restriction;
  if (reason === null) return false;
  void vscode.window.showWarningMessage(`Keystroke: ${reason}`);
  return true;
}

async function requirements(services: Services): Promise<RequirementStatus[]> {
  const view = await services.requirementsView();
  return view.available ? view.requirements : [];
}

async function pickKey(services: Services, title: string): Promise<string | undefined> {
  const choices = keyChoices(await requirements(services));
  if (choices.length > 0) {
    const picked = await vscode.window.showQuickPick(
      [...choices.map((c) => ({ label: c.key, description: c.description, detail: c.detail })), { label: OTHER_KEY }],
      { title, placeHolder: "Which credential key?", matchOnDetail: true },
    );
    if (!picked) return undefined;
    if (picked.label !== OTHER_KEY) return picked.label;
  }
  const typed = await vscode.window.showInputBox({ title, prompt: "The credential key, as in defineCredential({ key })", validateInput: validateKey, ignoreFocusOut: true });
  return typed?.trim();
}

/** `inCloud` adds, per scope, what the cloud listing has there (the push's scope picker). */
async function pickScope(title: string, preferred?: Scope, inCloud?: (scope: Scope) => string): Promise<Scope | undefined> {
  const picked = await vscode.window.showQuickPick(
    scopeChoices(preferred).map((c) => ({ label: c.label, description: c.description, ...(inCloud ? { detail: inCloud(c.scope) } : {}), scope: c.scope })),
    { title, placeHolder: "Which scope?" },
  );
  return picked?.scope;
}

/** A key whose definition's fields are not known: field names and values, as many as the person adds. */
async function askUnknownFields(title: string): Promise<Record<string, string> | undefined> {
  const values: Record<string, string> = {};
  for (;;) {
    const first = Object.keys(values).length === 0;
    const name = await vscode.window.showInputBox({
      title,
      prompt: first ? "Field name (the definition's fields are not known)" : "Another field name",
      value: first ? "apiKey" : "",
      validateInput: (v) => validateFieldName(v) ?? (v.trim() in values ? `${v.trim()} is given already` : undefined),
      ignoreFocusOut: true,
    });
    if (!name) return undefined;
    const value = await askFieldValues(title, [{ name: name.trim(), required: true }]);
    if (value === undefined) return undefined;
    Object.assign(values, value);
    const next = await vscode.window.showQuickPick([{ label: "$(check) Save", done: true }, { label: "$(add) Add Another Field…", done: false }], { title, placeHolder: `Fields so far: ${Object.keys(values).join(", ")}` });
    if (!next) return undefined;
    if (next.done) return values;
  }
}

export async function setLocalCredential(services: Services, raw: unknown): Promise<void> {
  if (restricted(services)) return;
  const args = parseCommandArgs(raw);
  const title = "Keystroke: Set Local Credential";
  const key = args?.key ?? (await pickKey(services, title));
  if (!key) return;
  const needs = (await requirements(services)).filter((r) => r.key === key);
  if (needs.length > 0 && needs.every((r) => r.kind !== "api_key" || r.catalog)) {
    const choice = await vscode.window.showInformationMessage(`Keystroke: ${key} is a connected app (OAuth or catalog): it is connected in a web flow, not typed in.`, "Connect App…");
    if (choice) await connectApp(services, key);
    return;
  }
  const scope = args?.scope ?? (await pickScope(`${title}: ${key}`));
  if (!scope) return;
  const fields = fieldsToAsk(key, args, needs);
  const values = fields.length > 0 ? await askFieldValues(`${title}: ${key}`, fields) : await askUnknownFields(`${title}: ${key}`);
  if (values === undefined) return;
  const built = buildPutBody({ key, scope, ...(args?.project ? { project: args.project } : {}), fields: values });
  if (!built.ok) return void vscode.window.showErrorMessage(`Keystroke: cannot save ${key}: ${built.message}`);
  try {
    const entry = await (await services.store()).put(built.body);
    void vscode.window.showInformationMessage(`Keystroke: saved ${entryLabel(entry)} in the local store.`);
  } catch (error) {
    await showFailure(services, `Could not save ${key}: ${(error as Error).message}`);
  }
}

export async function pushCredential(services: Services, raw: unknown): Promise<void> {
  if (restricted(services)) return;
  const args = parseCommandArgs(raw);
  const title = "Keystroke: Push Credential to Cloud";
  let entries: StoreEntry[];
  try {
    entries = await (await services.store()).list();
  } catch (error) {
    return showFailure(services, (error as Error).message);
  }
  const candidates = args ? entries.filter((e) => e.key === args.key) : entries;
  if (candidates.length === 0) {
    const message = args ? `${args.key} is not in the local store yet; set it locally first, then push.` : "The local store is empty; set a credential first.";
    const choice = await vscode.window.showWarningMessage(`Keystroke: ${message}`, "Set Local Credential…");
    if (choice) await setLocalCredential(services, args ?? undefined);
    return;
  }
  const entry =
    candidates.length === 1
      ? candidates[0]!
      : (
          await vscode.window.showQuickPick(
            candidates.map((e) => ({ label: entryLabel(e), description: e.default ? "default" : "", detail: `fields: ${e.fields.join(", ")}`, entry: e })),
            { title, placeHolder: "Which local credential?" },
          )
        )?.entry;
  if (!entry) return;
  // Read the cloud first: the picker says where the key exists, and nothing is replaced unasked.
  const listing = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: "Reading the cloud listing…" }, () => services.refreshCloud());
  const target = await pickPushTarget(services, title, args, entry, listing);
  if (!target) return;
  const question = pushQuestion(entry.key, pushPreview(entry.key, target, listing, services.cloud?.current().snapshot?.project));
  if (question !== null) {
    const go = listing.snapshot === null ? "Push Anyway" : "Update";
    if ((await vscode.window.showWarningMessage(`Keystroke: ${question}`, { modal: true }, go)) !== go) return;
  }
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Pushing ${entry.key} to the cloud…` },
    () => services.pushEntry(entry, [target]),
  );
  if (!result.ok) return showFailure(services, result.error.message, result.error.kind);
  void vscode.window.showInformationMessage(`Keystroke: pushed ${entry.key} to ${target.scope}${target.project ? ` ${target.project}` : ""}.`);
}

async function pickPushTarget(services: Services, title: string, args: CredentialCommandArgs | null, entry: StoreEntry, listing: CloudSnapshotParams): Promise<PushTarget | undefined> {
  const inCloud = (scope: Scope): string => {
    if (listing.snapshot === null) return "$(question) the cloud could not be listed";
    const there = scope === "project" ? undefined : cloudEntryAt(listing, entry.key, { scope });
    if (scope === "project") {
      const projects = listing.snapshot.credentials.filter((c) => c.key === entry.key && c.scope === "project").map((c) => c.project ?? listing.snapshot!.project ?? "current");
      return projects.length > 0 ? `$(cloud) in the cloud for ${projects.join(", ")}: pushing there updates it` : "$(circle-outline) not in the cloud at any project";
    }
    return there ? `$(cloud) in the cloud: ${describeCloudEntry(there, null)}: pushing updates it` : "$(circle-outline) not in the cloud";
  };
  const scope = await pickScope(`${title}: ${entry.key}`, args?.scope ?? entry.scope, inCloud);
  if (!scope) return undefined;
  if (scope !== "project") return { scope };
  const known = args?.project ?? services.cloud?.current().snapshot?.project ?? entry.project ?? "";
  const project = await vscode.window.showInputBox({
    title: `${title}: ${entry.key}`,
    prompt: "Project slug (empty: the project keystroke.config.ts is linked to)",
    value: known,
    validateInput: validateProject,
  });
  if (project === undefined) return undefined;
  return project.trim() ? { scope, project: project.trim() } : { scope };
}

/** `slug` given (the tree, the manager's card): connects that app without asking which. */
export async function connectApp(services: Services, given?: string): Promise<void> {
  if (restricted(services)) return;
  await services.ensureStarted();
  const reqs = await requirements(services);
  const suggestions = [...new Set(reqs.filter((r) => r.kind !== "api_key").map((r) => r.key))];
  let slug: string | undefined = given;
  if (slug === undefined && suggestions.length > 0) {
    const picked = await vscode.window.showQuickPick([...suggestions.map((s) => ({ label: s })), { label: OTHER_KEY }], { title: "Keystroke: Connect App", placeHolder: "Which app?" });
    if (!picked) return;
    slug = picked.label === OTHER_KEY ? undefined : picked.label;
  }
  slug ??= (await vscode.window.showInputBox({ title: "Keystroke: Connect App", prompt: "App slug, e.g. slack", validateInput: validateKey }))?.trim();
  if (!slug || !services.cloud) return;
  // Refused before a terminal opens (an unknown CLI, a bad slug), with the way forward.
  const command = services.cloud.cli.connect(slug);
  if (!command.ok) return showFailure(services, command.error.message, command.error.kind);
  runConnectTerminal(services, slug);
}

async function importDotenv(services: Services): Promise<void> {
  if (restricted(services)) return;
  const title = "Keystroke: Import from .env";
  const files = await vscode.workspace.findFiles("**/.env*", "**/node_modules/**", 50);
  let uri: vscode.Uri | undefined;
  const browse = "$(folder-opened) Browse…";
  const picked = await vscode.window.showQuickPick([...files.map((f) => ({ label: vscode.workspace.asRelativePath(f), uri: f })), { label: browse, uri: undefined }], { title, placeHolder: "Which file?" });
  if (!picked) return;
  uri = picked.uri ?? (await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: "Import" }))?.[0];
  if (!uri) return;
  const content = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  const names = dotenvNames(content);
  if (names.length === 0) return void vscode.window.showWarningMessage(`Keystroke: ${vscode.workspace.asRelativePath(uri)} has no VARIABLE=value lines.`);
  // Follow the code: key and field from the definitions, the scope its requirements need, only matching variables picked.
  const store = await services.store();
  const entries = await store.list().catch(() => []);
  // The dev server read keystroke.config.ts: its project decides project versus organization.
  const currentProject = (await store.health().catch(() => null))?.project;
  const plan = dotenvPlan(names, await requirements(services), entries, currentProject);
  const importable = plan.filter((row) => row.skip === null);
  const skipped = plan.filter((row) => row.skip !== null);
  if (importable.length === 0) return void vscode.window.showWarningMessage(`Keystroke: nothing to import from ${vscode.workspace.asRelativePath(uri)}: ${skipped.map((r) => r.skip).join("; ")}`);
  const chosen = await vscode.window.showQuickPick(
    importable.map((row) => ({ label: row.env, description: `→ ${row.key}.${row.field} (${row.scope})`, picked: row.checked, row })),
    { title, canPickMany: true, placeHolder: `Which variables hold credentials?${skipped.length > 0 ? ` (${skipped.map((r) => r.env).join(", ")}: connected apps, not imported)` : ""}` },
  );
  if (!chosen || chosen.length === 0) return;
  const mapping = [];
  for (const { row } of chosen) {
    const { env, scope } = row;
    const answer = await vscode.window.showInputBox({
      title: `${title}: ${env} (${scope})`,
      prompt: `Store ${env} as key.field`,
      value: `${row.key}.${row.field}`,
      validateInput: (v) => {
        const parsed = parseKeyField(v);
        return "error" in parsed ? parsed.error : undefined;
      },
    });
    if (answer === undefined) return;
    const parsed = parseKeyField(answer);
    if ("error" in parsed) return;
    mapping.push({ env, ...parsed, scope });
  }
  const body = ImportDotenvBody.safeParse({ content, mapping });
  if (!body.success) return void vscode.window.showErrorMessage(`Keystroke: cannot import: ${describeZodError(body.error)}`);
  try {
    const result = await (await services.store()).importDotenv(body.data);
    void vscode.window.showInformationMessage(`Keystroke: imported ${importSummary(body.data.mapping.length, result.entries.length)}.`);
  } catch (error) {
    await showFailure(services, `Import failed: ${(error as Error).message}`);
  }
}

async function refreshCloud(services: Services): Promise<void> {
  if (restricted(services)) return;
  const params = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: "Listing cloud credentials…" }, () => services.refreshCloud());
  if (params.snapshot) void vscode.window.setStatusBarMessage(`Keystroke: ${plural(params.snapshot.credentials.length, "cloud credential")} listed`, 5_000);
  else await showFailure(services, `Cloud not checked: ${params.reason}`, services.cloud?.lastError?.kind);
}

async function openManagerInBrowser(services: Services): Promise<void> {
  if (restricted(services)) return;
  try {
    const link = new URL(await services.managerUrl());
    // Remote windows (code-server, SSH) forward the port, often under the editor's own origin and a
    // path (/proxy/<port>/): the dev server is told to accept exactly that origin, and the link's
    // code goes on the forwarded address. Locally this is the same URL.
    const external = await vscode.env.asExternalUri(vscode.Uri.parse(`${link.origin}/`, true));
    const forwarded = new URL(external.toString(true));
    if (forwarded.origin !== link.origin) await (await services.store()).allowOrigin(forwarded.origin);
    forwarded.search = link.search;
    await vscode.env.openExternal(vscode.Uri.parse(forwarded.toString(), true));
  } catch (error) {
    await showFailure(services, (error as Error).message);
  }
}

export type CommandHandler = (...args: unknown[]) => Promise<void>;

/** Every command's implementation by id; main.ts registers them (from the manifest) before they load. */
export function commandHandlers(services: Services, view: ManagerViewProvider): Record<string, CommandHandler> {
  const table: Record<string, CommandHandler> = {
    [COMMANDS.setLocalCredential]: (args) => setLocalCredential(services, args),
    [COMMANDS.pushCredential]: (args) => pushCredential(services, args),
    [COMMANDS.moveToCredential]: (args) => moveToCredential(services, args),
    [COMMANDS.moveSelectionToCredential]: () => moveSelectionToCredential(services),
    [COMMANDS.connectApp]: () => connectApp(services),
    [COMMANDS.deploy]: async () => {
      if (restricted(services)) return;
      await vscode.tasks.executeTask(deployTask(services, vscode.workspace.workspaceFolders?.[0]));
    },
    [COMMANDS.refreshCloud]: () => refreshCloud(services),
    [COMMANDS.openManagerInBrowser]: () => openManagerInBrowser(services),
    [COMMANDS.importDotenv]: () => importDotenv(services),
    [COMMANDS.selectProject]: () => services.pickProject(),
    [COMMANDS.setUpCodingAgents]: async () => {
      if (restricted(services)) return;
      await services.ensureStarted();
      const root = services.projectRootPath;
      await setUpCodingAgents(services.context, root !== undefined ? vscode.Uri.file(root) : undefined);
    },
    [COMMANDS.showOutput]: async () => services.log.show(),
    [COMMANDS.restartLanguageServer]: async () => {
      await services.ensureStarted();
      await services.lsp.restart();
      void vscode.window.setStatusBarMessage("Keystroke: language server restarted", 3_000);
    },
    [COMMANDS.openCredentialManager]: async (args) => {
      const key = (args as { key?: unknown } | undefined)?.key;
      view.open(typeof key === "string" ? key : undefined);
    },
  };
  return guarded(services, table);
}

/** One place turns an unexpected throw of any command into a message with a way forward. */
export function guarded(services: Services, table: Record<string, CommandHandler>): Record<string, CommandHandler> {
  return Object.fromEntries(
    Object.entries(table).map(([id, fn]) => [
      id,
      async (...args: unknown[]) => {
        try {
          await fn(...args);
        } catch (error) {
          services.log.error(`A Keystroke command failed: ${(error as Error).message}`);
          await showFailure(services, (error as Error).message);
        }
      },
    ]),
  );
}
