// "Keystroke: Deploy" as a task: first the cloud check over what will be deployed (flows/
// deploy-check.ts) with a modal when it would fail or could not be checked, then the cloud
// adapter's streaming deploy in a task terminal (a pseudoterminal, so closing it cancels the CLI);
// the contributed problem matchers turn the CLI's typecheck/lint lines into Problems entries.
import * as vscode from "vscode";
import { plural } from "../server/core/plural";
import { COMMANDS } from "./command-ids";
import { CliTerminal } from "./cli-terminal";
import { deployVerdict, type ShippedFinding } from "./flows/deploy-check";
import type { Services } from "./services";
import { showFailure } from "./failures";
import { TASK_TYPE } from "./ids";

/** The editor's KS030/KS031 diagnostics: secrets that would not survive, or ship with, the deploy. */
function deploySecretFindings(): ShippedFinding[] {
  return vscode.languages.getDiagnostics().flatMap(([uri, diagnostics]) =>
    diagnostics
      .filter((d) => d.source === "keystroke" && /^KS03[01]$/.test(String(typeof d.code === "object" ? d.code.value : d.code)))
      .map((d) => ({
        code: String(typeof d.code === "object" ? d.code.value : d.code),
        severity: d.severity === vscode.DiagnosticSeverity.Error ? ("error" as const) : ("warning" as const),
        message: d.message,
        file: vscode.workspace.asRelativePath(uri),
      })),
  );
}

/** True to go on with the deploy; says what the cloud check found, in the terminal and in a modal. */
async function cloudCheckAllows(services: Services, write: (text: string) => void, filter: string | undefined): Promise<boolean> {
  const view = await services.requirementsView();
  const verdict = deployVerdict(view.available ? view.requirements : [], deploySecretFindings(), filter);
  for (const w of verdict.warnings) write(`warning: ${w}`);
  if (verdict.kind === "clear") {
    write("Cloud check: every deployed requirement resolves in the cloud.");
    return true;
  }
  const detail = verdict.warnings.length > 0 ? `Warnings (they do not stop the deploy):\n${verdict.warnings.join("\n")}` : undefined;
  if (verdict.kind === "unchecked") {
    write(`Cloud check: not checked, because ${verdict.reason}`);
    const choice = await vscode.window.showWarningMessage(`Keystroke: the cloud could not be checked (${verdict.reason}), so whether the deployed actions find their credentials is not known.`, { modal: true, ...(detail ? { detail } : {}) }, "Deploy Anyway");
    return choice === "Deploy Anyway";
  }
  const message = `Keystroke: ${plural(verdict.count, "error")} would fail in the cloud after this deploy (${verdict.keys.join(", ")}).`;
  write(message.replace(/^Keystroke: /, "Cloud check: "));
  const choice = await vscode.window.showWarningMessage(message, { modal: true, ...(detail ? { detail } : {}) }, "Resolve…", "Deploy Anyway");
  if (choice === "Resolve…") void vscode.commands.executeCommand(COMMANDS.resolveAllMissing);
  return choice === "Deploy Anyway";
}

export const DEPLOY_PROBLEM_MATCHERS = ["$keystroke-tsc", "$keystroke-lint"];

class DeployTerminal extends CliTerminal {
  constructor(
    private readonly services: Services,
    /** The task's `filter` (a module path such as agents/support): deploy and check only that. */
    private readonly filter: string | undefined,
  ) {
    super();
  }

  protected async run(): Promise<void> {
    await this.services.ensureStarted();
    const cloud = this.services.cloud;
    const restriction = this.services.restriction;
    if (!cloud || restriction !== null) {
      this.write(restriction ?? "No project folder is open.");
      return this.closes.fire(1);
    }
    if (!(await cloudCheckAllows(this.services, (text) => this.write(text), this.filter))) {
      this.write("Deploy not started.");
      return this.closes.fire(1);
    }
    this.write(`> keystroke deploy${this.filter ? ` --filter ${this.filter}` : ""}`);
    const result = await cloud.cli.deploy({ signal: this.abort.signal, onLine: (line) => this.write(line), ...(this.filter ? { filter: this.filter } : {}) });
    if (result.ok) {
      this.write("Deploy finished.");
      this.closes.fire(0);
      void cloud.refresh();
      return;
    }
    this.write(result.error.message);
    this.closes.fire(1);
    if (result.error.kind !== "cancelled") void showFailure(this.services, result.error.message, result.error.kind);
  }
}

export function deployTask(services: Services, folder: vscode.WorkspaceFolder | undefined, filter?: string): vscode.Task {
  const task = new vscode.Task(
    { type: TASK_TYPE, command: "deploy", ...(filter ? { filter } : {}) },
    folder ?? vscode.TaskScope.Workspace,
    filter ? `deploy ${filter}` : "deploy",
    "keystroke",
    new vscode.CustomExecution(async () => new DeployTerminal(services, filter)),
    DEPLOY_PROBLEM_MATCHERS,
  );
  task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, panel: vscode.TaskPanelKind.Dedicated, clear: true };
  return task;
}

/** The task provider's answers; main.ts registers the provider and delegates here once loaded. */
export function provideDeployTasks(services: Services): vscode.Task[] {
  return services.restriction === null ? [deployTask(services, vscode.workspace.workspaceFolders?.[0])] : [];
}

export function resolveDeployTask(services: Services, task: vscode.Task): vscode.Task | undefined {
  const definition = task.definition as { command?: unknown; filter?: unknown };
  if (definition.command !== "deploy") return undefined;
  // A filter the CLI would refuse is refused here too: the terminal then says why.
  const filter = typeof definition.filter === "string" ? definition.filter : undefined;
  return deployTask(services, typeof task.scope === "object" ? task.scope : undefined, filter);
}
