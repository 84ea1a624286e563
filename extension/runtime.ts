// Everything the extension does, loaded by main.ts after activation (or by the first command,
// view or task that needs it): services, the native views, the manager panel, the status bar, command handlers,
// deploy tasks, and the start-up rule "only Keystroke projects start the servers by themselves".
import * as vscode from "vscode";
import { AgentTools } from "./agent-tools";
import { commandHandlers, connectApp, guarded, pushCredential, setLocalCredential, type CommandHandler } from "./commands";
import { provideDeployTasks, resolveDeployTask } from "./deploy-task";
import { CONFIG_FILE, dependsOnKeystroke } from "./flows/project";
import { PROJECT_CONTEXT_KEY } from "./ids";
import { createLog, type Log } from "./log";
import { ManagerViewProvider } from "./manager-view";
import { Services } from "./services";
import { StatusBar } from "./status-bar";
import { CredentialTrees, type KeyActions } from "./trees/trees";
import { COMMANDS } from "./command-ids";
import { resolveAllMissing } from "./resolve-all-missing";
import { ResolveOffer } from "./resolve-offer";

/**
 * Activation events cannot read package.json, so the manifest activates on any root package.json
 * and this decides: a keystroke.config.ts anywhere (outside node_modules) or a root package.json
 * depending on @keystrokehq/keystroke.
 */
async function isKeystrokeProject(): Promise<boolean> {
  const configs = await vscode.workspace.findFiles(`**/${CONFIG_FILE}`, "**/node_modules/**", 1);
  if (configs.length > 0) return true;
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    try {
      const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder.uri, "package.json"));
      if (dependsOnKeystroke(new TextDecoder().decode(bytes))) return true;
    } catch {
      // no package.json in this folder
    }
  }
  return false;
}

export class Runtime implements vscode.Disposable {
  readonly log: Log;
  readonly services: Services;
  readonly view: ManagerViewProvider;
  readonly agentTools: AgentTools;
  readonly trees: CredentialTrees;
  private readonly resolveOffer: ResolveOffer;
  private readonly statusBar = new StatusBar();
  private readonly handlers: Record<string, CommandHandler>;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(context: vscode.ExtensionContext, channel: vscode.LogOutputChannel) {
    this.log = createLog(channel);
    this.services = new Services(context, channel, this.log);
    this.view = new ManagerViewProvider(
      context.extensionUri,
      this.services,
      (slug) => connectApp(this.services, slug),
      () => this.services.pickProject(),
    );
    const actions: KeyActions = {
      setLocal: (args) => setLocalCredential(this.services, args),
      push: (args) => pushCredential(this.services, args),
      connect: (slug) => connectApp(this.services, slug),
      openForm: async (key) => this.view.open(key, true),
    };
    this.trees = new CredentialTrees(this.services, actions);
    this.handlers = {
      ...commandHandlers(this.services, this.view),
      ...guarded(this.services, { ...this.trees.handlers(), [COMMANDS.resolveAllMissing]: () => resolveAllMissing(this.services, this.trees, actions) }),
    };
    this.resolveOffer = new ResolveOffer(context);
    this.agentTools = new AgentTools(this.services);
    this.disposables.push(
      this.view,
      this.trees,
      this.statusBar,
      this.services.lsp.onDidChangeStatus((status) => {
        this.statusBar.update(status, this.services.restriction ?? undefined);
        this.trees.showStatus(status);
        if (this.services.restriction === null) this.resolveOffer.consider(status);
      }),
    );
  }

  execute(id: string, args: unknown[]): Promise<void> {
    const handler = this.handlers[id];
    if (!handler) return Promise.reject(new Error(`Keystroke: no implementation for command ${id}`));
    return handler(...args);
  }

  provideTasks(): vscode.Task[] {
    return provideDeployTasks(this.services);
  }

  resolveTask(task: vscode.Task): vscode.Task | undefined {
    return resolveDeployTask(this.services, task);
  }

  /** Starts the servers by itself only in a Keystroke project; elsewhere the view or a command does. */
  async startIfProject(): Promise<void> {
    const isProject = await isKeystrokeProject();
    // The view and the palette commands appear only in Keystroke projects (`when` clauses).
    await vscode.commands.executeCommand("setContext", PROJECT_CONTEXT_KEY, isProject);
    if (!isProject) {
      this.log.info("No keystroke.config.ts and no @keystrokehq/keystroke dependency here: staying idle until a Keystroke command or view is used.");
      return;
    }
    this.statusBar.update(null, this.services.restriction ?? undefined);
    await this.services.ensureStarted();
  }

  async dispose(): Promise<void> {
    for (const d of this.disposables) d.dispose();
    await this.services.dispose();
  }
}
