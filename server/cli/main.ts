// `keystroke-credentials <command> [flags]`: a dispatcher over the commands map. Each command
// lives in ./commands and is registered here with one line.
import { checkCommand } from "./commands/check";
import { cloudCommand } from "./commands/cloud";
import { mcpCommand } from "./commands/mcp";
import { openCommand } from "./commands/open";
import { serveCommand } from "./commands/serve";
import { EXIT_USAGE, InputError, UsageError, type CliIO, type Command } from "./command";
import { VERSION } from "../core/version";
import { errorMessage } from "../core/error-message";

const commands: Record<string, Command> = {
  check: checkCommand,
  serve: serveCommand,
  cloud: cloudCommand,
  open: openCommand,
  mcp: mcpCommand,
};

function topUsage(): string {
  const width = Math.max(...Object.keys(commands).map((n) => n.length));
  const list = Object.entries(commands)
    .map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`)
    .join("\n");
  return `Usage: keystroke-credentials <command> [options]\n\nCommands:\n${list}\n\nRun "keystroke-credentials <command> --help" for a command's options.\n`;
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    (name === undefined ? io.stderr : io.stdout)(topUsage());
    return name === undefined ? EXIT_USAGE : 0;
  }
  if (name === "--version" || name === "-v") {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  const command = commands[name];
  if (!command) {
    io.stderr(`keystroke-credentials: unknown command "${name}".\n\n${topUsage()}`);
    return EXIT_USAGE;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`keystroke-credentials ${name}: ${error.message}\n\n${command.usage}`);
      return EXIT_USAGE;
    }
    if (error instanceof InputError) {
      io.stderr(`keystroke-credentials ${name}: ${error.message}\n`);
      return EXIT_USAGE;
    }
    // Never a stack trace for users; the message is what they can act on.
    io.stderr(`keystroke-credentials ${name}: unexpected error: ${errorMessage(error)}\n`);
    return EXIT_USAGE;
  }
}

if (require.main === module) {
  const io: CliIO = {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    cwd: process.cwd(),
    env: process.env,
  };
  void main(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
  });
}
