// The "Keystroke" output channel, shared by the extension, the language client and the dev
// server's output. Nothing logged here may carry a secret value or the dev server's token.
import * as vscode from "vscode";

export interface Log {
  info(line: string): void;
  warn(line: string): void;
  error(line: string): void;
  show(): void;
}

export function createLog(channel: vscode.LogOutputChannel): Log {
  return {
    info: (line) => channel.info(line),
    warn: (line) => channel.warn(line),
    error: (line) => channel.error(line),
    show: () => channel.show(true),
  };
}
