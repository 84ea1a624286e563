// Related information: one "definition of" row per resolution diagnostic where it helps (the
// definition is elsewhere), none when the definition is written inside the flagged element.
import test from "node:test";
import assert from "node:assert/strict";
import { computeFindings } from "../../server/core/analysis";
import { project, UNCHECKED, snapshot } from "./helpers";

test("a definition elsewhere gets one related row; an inline one none", () => {
  const model = project({
    "src/credentials.ts": `import { defineCredential } from "@keystrokehq/keystroke/credentials";\nimport { z } from "zod";\nexport const exa = defineCredential({ key: "exa", fields: { apiKey: z.string() } });\n`,
    "src/actions/a.ts": `import { defineAction } from "@keystrokehq/keystroke/action";\nimport { defineCredential } from "@keystrokehq/keystroke/credentials";\nimport { z } from "zod";\nimport { exa } from "../credentials";\nexport const a = defineAction({ slug: "a", credentials: [exa, defineCredential({ key: "inline", fields: { token: z.string() } })], run: async () => 1 });\n`,
  }).model();
  const findings = computeFindings(model, { local: snapshot([]), cloud: UNCHECKED }).filter((f) => f.code === "KS001");
  const exa = findings.find((f) => f.credential === "exa")!;
  const inline = findings.find((f) => f.credential === "inline")!;
  assert.deepEqual(exa.related.map((r) => [r.file, r.message]), [["src/credentials.ts", 'definition of "exa"']]);
  assert.deepEqual(inline.related, [], "the definition is the flagged element itself");
});
