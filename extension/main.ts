// Entry of dist/extension.js. Activation must stay cheap (≤ 50 ms of our own time): it evaluates
// nothing but this file, registers the contributed commands, the Credentials view and the task
// provider as thin forwarders, and loads the real code (runtime.ts: zod, the language client, …)
// right after activate() returns, or earlier if a command or the view asks for it first.
import { loadStartedAt } from "./activation-clock";
import * as vscode from "vscode";
import { TASK_TYPE, VIEW_ID } from "./ids";
import type { Runtime } from "./runtime";

let runtime: Promise<Runtime> | null = null;

function contributedCommands(context: vscode.ExtensionContext): string[] {
  const manifest = context.extension.packageJSON as { contributes?: { commands?: { command: string }[] } };
  return (manifest.contributes?.commands ?? []).map((c) => c.command);
}

export function activate(context: vscode.ExtensionContext): void {
  const activateStartedAt = performance.now();
  const channel = vscode.window.createOutputChannel("Keystroke", { log: true });
  // esbuild keeps a dynamic import's module graph unevaluated until this runs.
  const load = (): Promise<Runtime> => (runtime ??= import("./runtime").then(({ Runtime: R }) => new R(context, channel)));
  context.subscriptions.push(
    channel,
    ...contributedCommands(context).map((id) => vscode.commands.registerCommand(id, async (...args: unknown[]) => (await load()).execute(id, args))),
    vscode.window.registerWebviewViewProvider(VIEW_ID, { resolveWebviewView: async (view) => (await load()).view.resolveWebviewView(view) }),
    vscode.tasks.registerTaskProvider(TASK_TYPE, {
      provideTasks: async () => (await load()).provideTasks(),
      resolveTask: async (task) => (await load()).resolveTask(task),
    }),
  );
  setTimeout(() => {
    const loadingStartedAt = performance.now();
    load()
      .then((rt) => {
        rt.log.info(`Loaded the extension's code in ${(performance.now() - loadingStartedAt).toFixed(1)} ms (after activation).`);
        return rt.startIfProject();
      })
      .catch((error: Error) => channel.error(`Start-up failed: ${error.message}`));
  }, 0);
  const now = performance.now();
  channel.info(`Activated in ${(now - loadStartedAt).toFixed(1)} ms (code loading included; activate() itself ${(now - activateStartedAt).toFixed(1)} ms; target ≤ 50 ms).`);
}

export async function deactivate(): Promise<void> {
  const pending = runtime;
  runtime = null;
  await (await pending)?.dispose();
}
