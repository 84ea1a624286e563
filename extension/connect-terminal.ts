// "Keystroke: Connect App…" runs `keystroke connect <slug>` in a pseudoterminal (like Deploy's):
// its output stays readable after the CLI exits, until the person closes the terminal; every
// http(s) address it prints is also offered in a notification with Open; a CLI that prints
// nothing gets an honest "finish in the browser, then Refresh Cloud". The cloud is listed again
// when it ends, so the connection shows up.
import * as vscode from "vscode";
import { CliTerminal } from "./cli-terminal";
import { httpUrls } from "./flows/connect-output";
import { showFailure } from "./failures";
import type { Services } from "./services";

class ConnectTerminal extends CliTerminal {
  private finished = false;

  constructor(
    private readonly services: Services,
    private readonly slug: string,
  ) {
    super();
  }

  /** Once the CLI has exited, any key closes the terminal. */
  handleInput(): void {
    if (this.finished) this.closes.fire(0);
  }

  private offer(url: string): void {
    void vscode.window.showInformationMessage(`Keystroke: finish connecting ${this.slug} in the browser (${url}).`, "Open").then((choice) => {
      if (choice === "Open") void vscode.env.openExternal(vscode.Uri.parse(url, true));
    });
  }

  protected async run(): Promise<void> {
    const cloud = this.services.cloud!;
    const offered = new Set<string>();
    let printed = false;
    this.write(`> keystroke connect ${this.slug}`);
    const result = await cloud.cli.connectStreaming(this.slug, {
      signal: this.abort.signal,
      onLine: (line) => {
        printed ||= line.trim() !== "";
        this.write(line);
        for (const url of httpUrls(line)) {
          if (offered.has(url)) continue;
          offered.add(url);
          this.offer(url);
        }
      },
    });
    if (result.ok) this.write(`keystroke connect ${this.slug} finished.`);
    else {
      this.write(result.error.message);
      if (result.error.kind !== "cancelled") void showFailure(this.services, result.error.message, result.error.kind);
    }
    if (result.ok && !printed) {
      void vscode.window.showInformationMessage(`Keystroke: keystroke connect printed nothing. Finish connecting ${this.slug} in the browser, then refresh the cloud.`, "Refresh Cloud").then((choice) => {
        if (choice) void this.services.refreshCloud();
      });
    }
    void this.services.refreshCloud();
    this.finished = true;
    this.write("Press any key to close this terminal.");
  }
}

export function runConnectTerminal(services: Services, slug: string): void {
  const terminal = vscode.window.createTerminal({ name: `Keystroke: connect ${slug}`, pty: new ConnectTerminal(services, slug) });
  terminal.show();
}
