// Opening a root-relative source location, for the trees' items and the manager webview alike.
import * as path from "node:path";
import * as vscode from "vscode";
import type { Range } from "../../server/core/schema";

export interface SourceLocation {
  root: string;
  file: string;
  range: Range;
}

function target(location: SourceLocation): { uri: vscode.Uri; selection: vscode.Range } {
  const { root, file, range } = location;
  return { uri: vscode.Uri.file(path.join(root, ...file.split("/"))), selection: new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character) };
}

export async function showLocation(location: SourceLocation): Promise<void> {
  const { uri, selection } = target(location);
  await vscode.window.showTextDocument(uri, { selection, preview: false });
}

/** A tree item's command that opens the location (VS Code's own `vscode.open`). */
export function openLocation(location: SourceLocation, title: string): vscode.Command {
  const { uri, selection } = target(location);
  return { command: "vscode.open", title, arguments: [uri, { selection, preview: true }] };
}
