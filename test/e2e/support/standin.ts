// The stand-in `keystroke` CLI (test/fixtures/bin/keystroke) as the extension sees it: an
// executable named by KEYSTROKE_CLI, its cloud state in a JSON file, and a log of every call
// (argv, and the names of the @env variables it received — never values).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

export const StandinCall = z.object({
  argv: z.array(z.string()),
  cwd: z.string(),
  pid: z.number(),
  /** Names of the `@env:` variables that were set in the stand-in's environment. */
  env: z.array(z.string()),
});
export type StandinCall = z.infer<typeof StandinCall>;

export interface Standin {
  env: Record<string, string>;
  calls(): StandinCall[];
}

export function standin(root: string, dir: string): Standin {
  const log = path.join(dir, "standin-calls.jsonl");
  return {
    env: {
      KEYSTROKE_CLI: path.join(root, "test/fixtures/bin/keystroke"),
      KEYSTROKE_STANDIN_STATE: path.join(dir, "standin-state.json"),
      KEYSTROKE_STANDIN_LOG: log,
    },
    calls() {
      if (!existsSync(log)) return [];
      return readFileSync(log, "utf8")
        .split("\n")
        .filter((line) => line.trim() !== "")
        .map((line) => StandinCall.parse(JSON.parse(line)));
    },
  };
}
