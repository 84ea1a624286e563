// A pseudoterminal that runs one `keystroke` CLI command and shows its lines (Deploy, Connect
// App): closing the terminal cancels the command; `run` is the command's own work.
import * as vscode from "vscode";

export abstract class CliTerminal implements vscode.Pseudoterminal {
  private readonly writes = new vscode.EventEmitter<string>();
  protected readonly closes = new vscode.EventEmitter<number>();
  readonly onDidWrite = this.writes.event;
  readonly onDidClose = this.closes.event;
  protected readonly abort = new AbortController();

  open(): void {
    void this.run();
  }

  close(): void {
    this.abort.abort();
  }

  protected write(text: string): void {
    this.writes.fire(`${text.replace(/\r?\n/g, "\r\n")}\r\n`);
  }

  protected abstract run(): Promise<void>;
}
