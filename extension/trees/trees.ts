// The Keystroke container's native views (Requirements, Local store, Cloud): creates them, keeps
// them current from the services' change events, sets the badge and the context keys their
// `when` clauses and welcome content read, and answers their item actions.
import * as vscode from "vscode";
import type { StatusParams, StoreEntry } from "../../server/core/schema";
import { cliSetCommand, entryLabel, usages, type UiRequirement } from "../../webview/model";
import type { KeyItem } from "../flows/requirements-tree";
import { askFieldValues } from "../field-prompts";
import { plural } from "../../server/core/plural";
import { TREE_COMMANDS } from "../command-ids";
import { TREE_IDS } from "../ids";
import type { Services } from "../services";
import { CloudTree, type CloudNode } from "./cloud-view";
import { showLocation } from "./open-location";
import { RequirementsTree, requirementsBadge, type RequirementNode } from "./requirements-view";
import { StoreTree, type StoreNode } from "./store-view";

/** What a palette flow needs to act on one key (the quick fix's command arguments). */
export interface KeyActions {
  setLocal(args: { key: string; scope: KeyItem["scope"]; fields: string[] }): Promise<void>;
  push(args: { key: string; scope: KeyItem["scope"]; fields: string[]; project?: string }): Promise<void>;
  connect(slug?: string): Promise<void>;
  /** The manager panel with the key's Set form open. */
  openForm(key: string): Promise<void>;
}

export class CredentialTrees implements vscode.Disposable {
  readonly requirements = new RequirementsTree();
  readonly store = new StoreTree();
  readonly cloud = new CloudTree();
  private readonly requirementsView: vscode.TreeView<RequirementNode>;
  private readonly storeView: vscode.TreeView<StoreNode>;
  private readonly cloudView: vscode.TreeView<CloudNode>;
  private readonly disposables: vscode.Disposable[] = [];
  private entries: StoreEntry[] = [];
  private required: UiRequirement[] = [];
  private refreshing: Promise<void> | null = null;
  private stale = false;

  constructor(
    private readonly services: Services,
    private readonly actions: KeyActions,
  ) {
    this.requirementsView = vscode.window.createTreeView(TREE_IDS.requirements, { treeDataProvider: this.requirements, showCollapseAll: true });
    this.storeView = vscode.window.createTreeView(TREE_IDS.store, { treeDataProvider: this.store, showCollapseAll: true });
    this.cloudView = vscode.window.createTreeView(TREE_IDS.cloud, { treeDataProvider: this.cloud });
    this.disposables.push(
      this.requirements,
      this.store,
      this.cloud,
      this.requirementsView,
      this.storeView,
      this.cloudView,
      services.onDidChange((event) => {
        if (event.kind === "status") this.showStatus(event.status);
        if (event.kind !== "focus" && event.kind !== "connection") void this.refresh();
      }),
    );
    // Relative times ("updated 2 minutes ago", "listed …") stay true while the views are open.
    const ticker = setInterval(() => {
      if (this.storeView.visible || this.cloudView.visible) void this.refresh();
    }, 60_000);
    this.disposables.push({ dispose: () => clearInterval(ticker) });
    void this.refresh();
  }

  showStatus(status: StatusParams | null): void {
    this.requirementsView.badge = requirementsBadge(status);
  }

  /**
   * Reads requirements, the store and the cloud listing again. One load at a time; a change that
   * arrives during a load runs one more after it (the language server may not have seen it yet).
   */
  refresh(): Promise<void> {
    if (this.refreshing) {
      this.stale = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      do {
        this.stale = false;
        await this.load();
      } while (this.stale);
    })().finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  private async load(): Promise<void> {
    const view = await this.services.requirementsView().catch(() => null);
    this.required = view?.available ? view.requirements : [];
    let storeProblem: string | null = this.services.restriction;
    let keychainProblem: string | null = null;
    this.entries = [];
    if (storeProblem === null) {
      try {
        const store = await this.services.store();
        this.entries = await store.list();
        keychainProblem = (await store.health().catch(() => null))?.secretsUnavailable ?? null;
      } catch (error) {
        storeProblem = (error as Error).message;
      }
    }
    const cloud = this.services.restriction === null ? await this.services.cloudSnapshot().catch(() => null) : null;
    this.requirements.set(this.required);
    this.store.set(this.entries, this.required);
    // Without the CLI the Cloud view is empty, so its welcome content says how to get one.
    this.cloud.set(this.services.cloud?.lastError?.kind === "cli-not-found" ? null : cloud, this.entries);
    this.cloudView.description = this.cloud.description();
    this.storeView.message = storeProblem !== null && this.services.restriction === null ? `Not available: ${storeProblem}` : undefined;
    await vscode.commands.executeCommand("setContext", "keystroke.requirementsEmpty", view?.available === true && this.required.length === 0);
    await vscode.commands.executeCommand("setContext", "keystroke.storeEmpty", storeProblem === null && this.entries.length === 0);
    // Actions that write or read values are hidden while the keychain cannot be used.
    await vscode.commands.executeCommand("setContext", "keystroke.keychainUnavailable", keychainProblem !== null);
    if (keychainProblem !== null) this.storeView.message = `The keychain is not available: ${keychainProblem}`;
  }

  /** The item actions, by command id (package.json contributes them to the views' menus; runtime.ts guards them like every command). */
  handlers(): Record<string, (node?: unknown) => Promise<void>> {
    const key = (node: unknown): KeyItem | null => ((node as RequirementNode | undefined)?.type === "key" ? (node as Extract<RequirementNode, { type: "key" }>).item : null);
    const entry = (node: unknown): StoreEntry | null => {
      const n = node as StoreNode | CloudNode | undefined;
      if (n?.type === "entry") return n.item.entry;
      if (n?.type === "localEntry") return n.entry;
      return null;
    };
    const fieldsOf = (item: KeyItem) => item.fields.map((f) => f.name);
    return {
      [TREE_COMMANDS.refresh]: () => this.refresh(),
      [TREE_COMMANDS.setLocal]: async (node) => {
        const item = key(node);
        if (!item) return;
        // Up to two fields: VS Code's own inputs; more: the manager panel's form, all on one page.
        if (item.fields.length > 2) return this.actions.openForm(item.key);
        // No field list: the flow asks for the definition's fields, optional ones marked so.
        await this.actions.setLocal({ key: item.key, scope: item.scope, fields: [] });
      },
      [TREE_COMMANDS.push]: async (node) => {
        const item = key(node);
        const local = entry(node);
        if (item) await this.actions.push({ key: item.key, scope: item.scope, fields: fieldsOf(item) });
        else if (local) await this.actions.push({ key: local.key, scope: local.scope, fields: local.fields, ...(local.project ? { project: local.project } : {}) });
      },
      [TREE_COMMANDS.connect]: async (node) => this.actions.connect(key(node)?.key),
      [TREE_COMMANDS.goToDefinition]: async (node) => {
        const item = key(node);
        if (item?.definition) await showLocation({ root: item.root, file: item.definition.file, range: item.definition.range });
      },
      [TREE_COMMANDS.copyCliCommand]: async (node) => {
        const item = key(node);
        const local = entry(node);
        const text = item ? cliSetCommand({ key: item.key, scope: item.scope, fields: fieldsOf(item) }) : local ? cliSetCommand(local) : null;
        if (text === null) return;
        await vscode.env.clipboard.writeText(text);
        void vscode.window.setStatusBarMessage("$(check) Keystroke: CLI command copied (it reads each value from an environment variable)", 4_000);
      },
      [TREE_COMMANDS.revealEntry]: async (node) => {
        const local = entry(node);
        if (!local) return;
        const { fields } = await (await this.services.store()).reveal(local.id);
        this.store.reveal(local.id, fields);
        void vscode.window.setStatusBarMessage(`$(eye) Keystroke: ${entryLabel(local)} shown for 30 s; expand it to see its fields`, 5_000);
      },
      [TREE_COMMANDS.editEntry]: async (node) => {
        const local = entry(node);
        if (!local) return;
        const values = await askFieldValues(`Keystroke: new values for ${entryLabel(local)}`, local.fields.map((name) => ({ name, required: false })));
        if (values === undefined || Object.keys(values).length === 0) return;
        await (await this.services.store()).patch(local.id, { fields: values });
        void vscode.window.showInformationMessage(`Keystroke: updated ${Object.keys(values).join(", ")} of ${entryLabel(local)}.`);
      },
      [TREE_COMMANDS.renameEntry]: async (node) => {
        const local = entry(node);
        if (!local) return;
        const name = await vscode.window.showInputBox({ title: `Keystroke: Rename ${entryLabel(local)}`, value: local.name, validateInput: (v) => (v.trim() === "" ? "Give a name" : v.length > 200 ? "At most 200 characters" : undefined) });
        if (name === undefined || name.trim() === local.name) return;
        const renamed = await (await this.services.store()).patch(local.id, { name: name.trim() });
        void vscode.window.showInformationMessage(`Keystroke: renamed to ${entryLabel(renamed)}.`);
      },
      [TREE_COMMANDS.setDefault]: async (node) => {
        const local = entry(node);
        if (!local) return;
        const updated = await (await this.services.store()).patch(local.id, { default: true });
        void vscode.window.showInformationMessage(`Keystroke: ${entryLabel(updated)} is now the default.`);
      },
      [TREE_COMMANDS.deleteEntry]: async (node) => {
        const local = entry(node);
        if (!local) return;
        const usedBy = usages(local, this.required).length;
        const answer = await vscode.window.showWarningMessage(
          `Delete ${entryLabel(local)} from the local store?`,
          { modal: true, detail: `Its values are removed from the keychain.${usedBy > 0 ? ` ${plural(usedBy, "action")} would no longer resolve it locally.` : ""}` },
          "Delete",
        );
        if (answer !== "Delete") return;
        await (await this.services.store()).remove(local.id);
        void vscode.window.showInformationMessage(`Keystroke: deleted ${entryLabel(local)}.`);
      },
    };
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
