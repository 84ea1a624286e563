// How the CLI is started: directly everywhere, and through cmd.exe with a built command line for
// a Windows .cmd or .bat (npm's `keystroke.cmd`), refusing arguments cmd.exe would interpret.
import test from "node:test";
import assert from "node:assert/strict";
import { invocationFor } from "../../server/cloud/invocation";
import { connectArgs, deployArgs, listArgs, localSetArgs, setArgs } from "../../server/cloud/cli-surface";

const COMSPEC = "C:\\Windows\\system32\\cmd.exe";
const SHIM = "C:\\Users\\Ada Lovelace\\AppData\\Roaming\\npm\\keystroke.cmd";

test("outside Windows, and for a Windows executable, the CLI starts directly with its argv", () => {
  assert.deepEqual(invocationFor("/usr/local/bin/keystroke", ["deploy", "--filter", "a&b"], "linux", undefined), {
    command: "/usr/local/bin/keystroke",
    args: ["deploy", "--filter", "a&b"],
    verbatim: false,
  });
  assert.deepEqual(invocationFor("C:\\tools\\keystroke.exe", ["auth", "status"], "win32", COMSPEC), {
    command: "C:\\tools\\keystroke.exe",
    args: ["auth", "status"],
    verbatim: false,
  });
});

test("a Windows .cmd runs through cmd.exe /d /s /c with one quoted command line, passed verbatim", () => {
  const run = invocationFor(SHIM, ["credentials", "set", "exa", "--set", "apiKey=@env:EXA_API_KEY", "--scope", "org"], "win32", COMSPEC);
  assert.deepEqual(run, {
    command: COMSPEC,
    args: ["/d", "/s", "/c", `""${SHIM}" credentials set exa --set apiKey=@env:EXA_API_KEY --scope org"`],
    verbatim: true,
  });
  // Spaces and parentheses are quoted; a quoted argument's trailing backslashes are doubled.
  const paths = invocationFor("C:\\npm\\KEYSTROKE.BAT", ["--filter", "C:\\Program Files (x86)\\app\\", ""], "win32", undefined);
  assert.deepEqual(paths, {
    command: "cmd.exe",
    args: ["/d", "/s", "/c", `"C:\\npm\\KEYSTROKE.BAT --filter "C:\\Program Files (x86)\\app\\\\" """`],
    verbatim: true,
  });
});

test("an argument cmd.exe would interpret is refused with a message that says what to do", () => {
  for (const bad of ["a&b", "a|b", "a<b", "a>b", "a^b", "%PATH%", "hi!", 'say "x"', "two\nlines"]) {
    const run = invocationFor(SHIM, ["deploy", "--filter", bad], "win32", COMSPEC);
    assert.ok("refused" in run, bad);
    assert.ok(run.refused.includes(JSON.stringify(bad)), run.refused);
    assert.match(run.refused, /set keystroke\.cliPath to the CLI's executable/);
  }
});

test("every argument list the adapter builds for ordinary input passes through a .cmd", () => {
  const lists = [
    listArgs({ organization: "acme", project: "support-bot" }),
    setArgs("exa", [{ field: "apiKey", envVar: "EXA_API_KEY" }], [{ scope: "organization" }, { scope: "project", project: "support-bot" }, { scope: "user" }], { organization: "acme" }),
    localSetArgs("google-oauth", [{ field: "clientSecret", envVar: "GOOGLE_OAUTH_CLIENT_SECRET" }]),
    connectArgs("slack", { organization: "acme", project: "support-bot" }),
    deployArgs("agents/support", { project: "support-bot" }),
  ];
  for (const args of lists) assert.ok(!("refused" in invocationFor(SHIM, args, "win32", COMSPEC)), args.join(" "));
});
