// The coding agents' server reaches the store only through the dev server, which owns it and its
// pages: it attaches to the running one (VS Code's, or a `serve`), or starts one as `serve
// --attach` does, in a child process of its own, so secret values never pass through this process.
// A server it started ends with it.
import { spawn, type ChildProcess } from "node:child_process";
import { DevServerClient, readDevServerInfo } from "../devserver/client";

/** Long enough for a status call that waits for the person (request-routes.ts allows 30 s). */
const CLIENT_TIMEOUT_MS = 40_000;
const START_TIMEOUT_MS = 20_000;

export class DevServerLink {
  private child: ChildProcess | null = null;
  private starting: Promise<void> | null = null;

  constructor(
    private readonly options: {
      storeDir: string;
      root: string;
      /** The CLI bundle to run `serve` from: this one. */
      cliEntry: string;
      log: (line: string) => void;
    },
  ) {}

  /** A client of the store's dev server, started first when none runs. */
  async client(): Promise<DevServerClient> {
    let info = await readDevServerInfo(this.options.storeDir);
    if (info === null) {
      await (this.starting ??= this.start().finally(() => (this.starting = null)));
      info = await readDevServerInfo(this.options.storeDir);
    }
    if (info === null) throw new Error(`no dev server could be started on the store in ${this.options.storeDir}; start one with \`keystroke-credentials serve\` or open the project in VS Code`);
    return new DevServerClient(info, CLIENT_TIMEOUT_MS);
  }

  close(): void {
    this.child?.kill("SIGTERM");
    this.child = null;
  }

  private start(): Promise<void> {
    const { storeDir, root, cliEntry, log } = this.options;
    log(`keystroke-credentials mcp: starting a dev server on the store in ${storeDir}`);
    const child = spawn(process.execPath, [cliEntry, "serve", "--attach", "--store", storeDir, "--root", root], { stdio: ["ignore", "pipe", "pipe"] });
    this.child = child;
    // Its output is for people: the agent's client shows our stderr in its logs. The printed
    // manager link is not passed on: it would open the whole store, and logs are read by others.
    child.stderr!.on("data", (chunk: Buffer) => log(chunk.toString().trimEnd()));
    return new Promise<void>((resolve, reject) => {
      let out = "";
      const timer = setTimeout(() => reject(new Error("the dev server did not start within 20 s")), START_TIMEOUT_MS);
      child.stdout!.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        if (/Credential manager: /.test(out)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once("exit", (code) => {
        clearTimeout(timer);
        if (this.child === child) this.child = null;
        // --attach exits 0 when another server won the race: that one serves us.
        if (code === 0) resolve();
        else reject(new Error(`the dev server exited with status ${code ?? "?"}${out ? `: ${out.trim().split("\n").pop()}` : ""}`));
      });
    });
  }
}
