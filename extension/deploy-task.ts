// "Keystroke: Deploy" as a task: the cloud adapter's streaming deploy runs in a task terminal
// (a pseudoterminal, so closing it cancels the CLI), and the contributed problem matchers turn the
// CLI's typecheck/lint lines into Problems entries.
import * as vscode from "vscode";
import type { Services } from "./services";
import { showFailure } from "./failures";
import { TASK_TYPE } from "./ids";

export const DEPLOY_PROBLEM_MATCHERS = ["$keystroke-tsc", "$keystroke-lint"];

class DeployTerminal implements vscode.Pseudoterminal {
  private readonly writes = new vscode.EventEmitter<string>();
  private readonly closes = new vscode.EventEmitter<number>();
  readonly onDidWrite = this.writes.event;
  readonly onDidClose = this.closes.event;
  private readonly abort = new AbortController();

  constructor(private readonly services: Services) {}

  open(): void {
    void this.run();
  }

  close(): void {
    this.abort.abort();
  }

  private write(text: string): void {
    this.writes.fire(`${text.replace(/\r?\n/g, "\r\n")}\r\n`);
  }

  private async run(): Promise<void> {
    await this.services.ensureStarted();
    const cloud = this.services.cloud;
    const restriction = this.services.restriction;
    if (!cloud || restriction !== null) {
      this.write(restriction ?? "No project folder is open.");
      return this.closes.fire(1);
    }
    this.write("> keystroke deploy");
    const result = await cloud.cli.deploy({ signal: this.abort.signal, onLine: (line) => this.write(line) });
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

export function deployTask(services: Services, folder: vscode.WorkspaceFolder | undefined): vscode.Task {
  const task = new vscode.Task(
    { type: TASK_TYPE, command: "deploy" },
    folder ?? vscode.TaskScope.Workspace,
    "deploy",
    "keystroke",
    new vscode.CustomExecution(async () => new DeployTerminal(services)),
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
  return (task.definition as { command?: unknown }).command === "deploy"
    ? deployTask(services, typeof task.scope === "object" ? task.scope : undefined)
    : undefined;
}
