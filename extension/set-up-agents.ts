// "Keystroke: Set Up Coding Agents…": writes the MCP configuration that makes Claude Code and
// Cursor start `keystroke-credentials mcp` from the CLI bundled in this extension. VS Code's own
// agent mode needs nothing: it has the extension's language model tools. Another entry of ours
// is replaced only after asking; a file that is not valid JSON is left alone, with why.
import { accessSync, constants } from "node:fs";
import * as vscode from "vscode";
import { AGENT_CONFIGS, findNode, mergeServer, serverEntry } from "./flows/agent-config";

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function readText(uri: vscode.Uri): Promise<string | null> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch (error) {
    if (error instanceof vscode.FileSystemError && error.code === "FileNotFound") return null;
    throw error;
  }
}

export async function setUpCodingAgents(context: vscode.ExtensionContext, root: vscode.Uri | undefined): Promise<void> {
  if (root === undefined) return void vscode.window.showWarningMessage("Keystroke: open the project's folder first; the configuration is written into it.");
  const picked = await vscode.window.showQuickPick(
    AGENT_CONFIGS.map((c) => ({ label: c.agent, description: c.file, picked: true, config: c })),
    { title: "Keystroke: Set Up Coding Agents (VS Code's agent mode needs none)", placeHolder: "Write the MCP configuration for…", canPickMany: true },
  );
  if (!picked || picked.length === 0) return;
  const entry = serverEntry({ cli: context.asAbsolutePath("dist/cli.js"), root: root.fsPath, nodeOnPath: findNode(process.env.PATH, isExecutable), editorBinary: process.execPath });
  const written: string[] = [];
  for (const { config } of picked) {
    const uri = vscode.Uri.joinPath(root, config.file);
    const merged = mergeServer(await readText(uri), entry);
    if (merged.kind === "invalid") {
      void vscode.window.showErrorMessage(`Keystroke: ${config.file} was not changed: ${merged.message}.`);
      continue;
    }
    if (merged.kind === "unchanged") {
      written.push(`${config.file} (already set up)`);
      continue;
    }
    if (merged.kind === "updated") {
      const replace = await vscode.window.showWarningMessage(
        `Keystroke: ${config.file} already has a "keystroke-credentials" server. Replace it?`,
        { modal: true, detail: `Now: ${merged.previous?.command ?? "?"} ${(merged.previous?.args ?? []).join(" ")}\nNew: ${entry.command} ${entry.args.join(" ")}` },
        "Replace",
      );
      if (replace !== "Replace") continue;
    }
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(merged.text));
    written.push(config.file);
  }
  if (written.length === 0) return;
  const open = await vscode.window.showInformationMessage(
    `Keystroke: coding agents set up in ${written.join(" and ")}. They start keystroke-credentials mcp from this extension; restart the agent to load it.`,
    "Open File",
  );
  if (open) await vscode.window.showTextDocument(vscode.Uri.joinPath(root, picked[0]!.config.file));
}
