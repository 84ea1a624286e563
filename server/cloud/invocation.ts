// How the CLI is started. Everywhere but one case: the executable with an argv array, no shell.
// The case: on Windows, npm installs the keystroke CLI as `keystroke.cmd`, and Node refuses to
// start a .cmd or .bat file without a shell (CVE-2024-27980), because cmd.exe reads the command
// line with its own metacharacters. Such a file is started through cmd.exe with a command line
// built here. Rather than escaping cmd.exe's metacharacters (which a batch file's `%*` would read
// a second time), an argument holding one is refused with a message: the arguments this adapter
// passes are subcommands, flags, keys, scopes, slugs, `@env:` references and paths.
import path from "node:path";

export type Invocation = { command: string; args: string[]; verbatim: boolean } | { refused: string };

const BATCH_FILE = /\.(?:cmd|bat)$/i;
/** What cmd.exe (and a batch file's `%*`) would interpret: operators, escapes, variables, quotes, line breaks. */
const CMD_SPECIAL = /[&|<>^%!"\r\n]/;
/** Quoted so cmd.exe and the C runtime read them as one argument: white space and parentheses. */
const NEEDS_QUOTES = /[\s()]|^$/;

export function invocationFor(cli: string, args: readonly string[], platform: NodeJS.Platform, comspec: string | undefined): Invocation {
  if (platform !== "win32" || !BATCH_FILE.test(cli)) return { command: cli, args: [...args], verbatim: false };
  for (const arg of [cli, ...args]) {
    if (CMD_SPECIAL.test(arg)) {
      return {
        refused:
          `${path.win32.basename(cli)} runs through cmd.exe, and the argument ${JSON.stringify(arg)} holds a character cmd.exe would interpret (& | < > ^ % ! or a quote); ` +
          "set keystroke.cliPath to the CLI's executable or its JavaScript entry point rather than a .cmd or .bat file.",
      };
    }
  }
  // `/s /c "<line>"`: cmd.exe drops the outer quotes and runs the line as it is.
  const line = [cli, ...args].map(quote).join(" ");
  return { command: comspec ?? "cmd.exe", args: ["/d", "/s", "/c", `"${line}"`], verbatim: true };
}

/** A quoted argument's trailing backslashes are doubled, or the C runtime would read `\"` as a quote. */
function quote(arg: string): string {
  return NEEDS_QUOTES.test(arg) ? `"${arg.replace(/(\\+)$/, "$1$1")}"` : arg;
}
