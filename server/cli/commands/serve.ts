// `keystroke-credentials serve`: the dev server from the CLI, with exactly the flags (and parser)
// of `node dist/devserver.js`.
import { parseServeFlags, SERVE_USAGE } from "../../devserver/flags";
import { EXIT_OK, UsageError, type Command } from "../command";

export const serveCommand: Command = {
  summary: "run the local credential store's server (HTTP API and credential manager UI)",
  usage: `${SERVE_USAGE}\n`,
  async run(argv, io) {
    const parsed = parseServeFlags(argv, io.cwd);
    if (!parsed.ok) throw new UsageError(parsed.message);
    if ("help" in parsed) {
      io.stdout(`${SERVE_USAGE}\n`);
      return EXIT_OK;
    }
    // Loaded on demand so other commands never load the keychain's native module.
    const { runDevServerCommand } = await import("../../devserver/run");
    const result = await runDevServerCommand(parsed.options, { out: (line) => io.stdout(`${line}\n`), err: (line) => io.stderr(`${line}\n`) });
    if (result !== "running") return result;
    // Keep the command pending: the server exits the process on SIGINT/SIGTERM.
    return new Promise<number>(() => undefined);
  },
};
