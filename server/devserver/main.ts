// `node dist/devserver.js [flags]`: the dev server on its own (the extension starts it this way).
import { parseServeFlags, SERVE_USAGE } from "./flags";
import { runDevServerCommand } from "./run";
import { errorMessage } from "../core/error-message";

async function main(): Promise<void> {
  const parsed = parseServeFlags(process.argv.slice(2));
  if (!parsed.ok) {
    process.stderr.write(`devserver: ${parsed.message}\n\n${SERVE_USAGE}\n`);
    process.exit(2);
  }
  if ("help" in parsed) {
    process.stdout.write(`${SERVE_USAGE}\n`);
    return;
  }
  const code = await runDevServerCommand(parsed.options, {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  });
  if (code !== "running") process.exit(code);
}

main().catch((error: unknown) => {
  process.stderr.write(`devserver: ${errorMessage(error)}\n`);
  process.exit(1);
});
