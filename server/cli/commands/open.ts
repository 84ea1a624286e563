// `keystroke-credentials open`: a fresh single-use link to the credential manager of the server
// that owns the store. It prints the link and does not start a browser itself: a link in a
// process's argv is readable by every local user for its 60 seconds.
import path from "node:path";
import { DevServerClient, DevServerError, readDevServerInfo } from "../../devserver/client";
import { linkLines } from "../../devserver/session-routes";
import { defaultStoreDir } from "../../store/paths";
import { EXIT_OK, UsageError, parseFlags, type Command } from "../command";

const USAGE = `Usage: keystroke-credentials open [--store DIR]

Prints a new link to the credential manager of the dev server that owns the store. Each link
opens one browser tab and is valid for 60 seconds; run the command again for another.

Options:
  --store DIR   store directory (default $KEYSTROKE_CREDENTIALS_HOME, else the per-user data directory)
  -h, --help    show this help
`;

export const openCommand: Command = {
  summary: "print a fresh single-use link to the running dev server's credential manager",
  usage: USAGE,
  async run(argv, io) {
    const { values } = parseFlags(argv, { store: { type: "string" }, help: { type: "boolean", short: "h" } });
    if (values.help) {
      io.stdout(USAGE);
      return EXIT_OK;
    }
    if (values.store !== undefined && values.store.trim() === "") throw new UsageError("--store needs a directory");
    const storeDir = values.store !== undefined ? path.resolve(io.cwd, values.store) : defaultStoreDir(io.env);
    const info = await readDevServerInfo(storeDir);
    if (info === null) {
      io.stderr(`keystroke-credentials open: no dev server is running on the store in ${storeDir}. Start one with \`keystroke-credentials serve\` (or open the project in VS Code), then run this again.\n`);
      return 1;
    }
    const client = new DevServerClient(info, 5_000);
    try {
      const link = await client.browserLink();
      io.stdout(`${linkLines(link, storeDir).join("\n")}\n`);
      return EXIT_OK;
    } catch (error) {
      const reason = error instanceof DevServerError ? error.message : String(error);
      io.stderr(`keystroke-credentials open: the dev server (pid ${info.pid}) did not give a link: ${reason}\n`);
      return 1;
    } finally {
      client.close();
    }
  },
};
