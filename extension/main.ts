// Entry of dist/extension.js. Activation must stay cheap (≤ 50 ms of our own time): it loads
// nothing but this small file, registers the contributed commands, the manager panel's
// serializer, the agent tools and the task provider as thin forwarders, and loads the real code
// (dist/extension-runtime.js: zod, the language client, …) right after activate() returns, or
// earlier if a command, a view or a tool asks.
import { loadStartedAt } from "./activation-clock";
import * as path from "node:path";
import * as vscode from "vscode";
import { MANAGER_PANEL, TASK_TYPE } from "./ids";
import type { Runtime } from "./runtime";

// Evaluating this bundle's modules; VS Code's own work between loading and activate() is not ours.
const entryLoadMs = performance.now() - loadStartedAt;

let runtime: Promise<Runtime> | null = null;

interface Contributions {
  commands?: { command: string }[];
  languageModelTools?: { name: string }[];
}

function contributed(context: vscode.ExtensionContext): Contributions {
  return (context.extension.packageJSON as { contributes?: Contributions }).contributes ?? {};
}

export function activate(context: vscode.ExtensionContext): void {
  const activateStartedAt = performance.now();
  const channel = vscode.window.createOutputChannel("Keystroke", { log: true });
  // A separate bundle (scripts/build.mjs), required only now: activation never parses or runs it.
  const load = (): Promise<Runtime> =>
    (runtime ??= Promise.resolve().then(() => {
      const { Runtime: R } = require(path.join(__dirname, "extension-runtime.js")) as typeof import("./runtime");
      return new R(context, channel);
    }));
  context.subscriptions.push(
    channel,
    ...(contributed(context).commands ?? []).map(({ command: id }) => vscode.commands.registerCommand(id, async (...args: unknown[]) => (await load()).execute(id, args))),
    // Agent mode's tools (their `when` clauses keep the writing ones out of untrusted workspaces).
    ...(contributed(context).languageModelTools ?? []).map(({ name }) =>
      vscode.lm.registerTool<unknown>(name, {
        prepareInvocation: async (options) => (await load()).agentTools.prepare(name, options.input),
        invoke: async (options) => {
          const rt = await load();
          await rt.services.ensureStarted();
          return rt.agentTools.invoke(name, options.input);
        },
      }),
    ),
    // An open credential manager panel comes back after a window reload.
    vscode.window.registerWebviewPanelSerializer(MANAGER_PANEL, { deserializeWebviewPanel: async (panel) => (await load()).view.restore(panel) }),
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
  const activateMs = performance.now() - activateStartedAt;
  channel.info(
    `Activated in ${(entryLoadMs + activateMs).toFixed(1)} ms of the extension's own time (loading the entry ${entryLoadMs.toFixed(1)} ms + activate() ${activateMs.toFixed(1)} ms; target ≤ 50 ms).`,
  );
}

export async function deactivate(): Promise<void> {
  const pending = runtime;
  runtime = null;
  await (await pending)?.dispose();
}
