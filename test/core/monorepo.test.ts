// A monorepo's shared credentials package, outside the project root: read for definitions and
// lists through a tsconfig path alias and through its workspace package name (a link in
// node_modules), never reported on itself, and a conflicting definition inside the root gets the
// KS016. An installed package (a real directory in node_modules) is never read.
import test from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { computeFindings } from "../../server/core/analysis";
import { loadWorkspace } from "../../server/workspace";
import { UNCHECKED, brief, snapshot } from "./helpers";
import { tempDirs } from "../support/temp-dirs";

const temp = tempDirs("ks-monorepo-");

function write(root: string, files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
}

const SHARED_DEFS = `import { defineCredential } from "@keystrokehq/keystroke/credentials";
import { defineAction } from "@keystrokehq/keystroke/action";
import { z } from "zod";
export const exa = defineCredential({ key: "exa", fields: { apiKey: z.string() } });
export const linear = defineCredential({ key: "linear", fields: { token: z.string() } });
// Findings of its own would belong to the package's own project, not to this one.
export const sharedAction = defineAction({ slug: "shared", credentials: [exa.scope("org")], run: async (i, c) => c.nope });
`;

function monorepo(): string {
  const repo = temp();
  write(repo, {
    "package.json": JSON.stringify({ name: "acme", private: true, workspaces: ["packages/*"] }),
    "packages/credentials/package.json": JSON.stringify({ name: "@acme/credentials", main: "dist/index.js" }),
    "packages/credentials/src/defs.ts": SHARED_DEFS,
    "packages/credentials/src/index.ts": `import { exa, linear } from "./defs";\nexport * from "./defs";\nexport const SEARCH = [exa, linear] as const;\n`,
    "packages/app/tsconfig.json": JSON.stringify({ compilerOptions: { baseUrl: ".", paths: { "@shared/*": ["../credentials/src/*"] } } }),
    "packages/app/src/a.ts": `import { defineAction } from "@keystrokehq/keystroke/action";\nimport { SEARCH } from "@acme/credentials";\nexport const a = defineAction({ slug: "a", credentials: [...SEARCH], run: async (i, c) => c.linear.token });\n`,
    "packages/app/src/b.ts": `import { defineAction } from "@keystrokehq/keystroke/action";\nimport { linear } from "@shared/defs";\nexport const b = defineAction({ slug: "b", credentials: [linear], run: async (i, c) => c.linear.nope });\n`,
    "packages/app/src/conflict.ts": `import { defineCredential } from "@keystrokehq/keystroke/credentials";\nimport { z } from "zod";\nexport const exa = defineCredential({ key: "exa", fields: { secret: z.string() } });\n`,
    // An installed package: never read, whatever it contains.
    "packages/app/node_modules/@keystrokehq/keystroke/package.json": JSON.stringify({ name: "@keystrokehq/keystroke", main: "index.ts" }),
    "packages/app/node_modules/@keystrokehq/keystroke/index.ts": `export const defineAction = (o: unknown) => o;\n`,
    "packages/app/node_modules/left-pad/package.json": JSON.stringify({ name: "left-pad", main: "index.ts" }),
    "packages/app/node_modules/left-pad/index.ts": SHARED_DEFS,
  });
  mkdirSync(path.join(repo, "node_modules/@acme"), { recursive: true });
  symlinkSync(path.join(repo, "packages/credentials"), path.join(repo, "node_modules/@acme/credentials"), "dir");
  return path.join(repo, "packages/app");
}

test("a shared package outside the root is traced by package name and by path alias, and reports nothing of its own", () => {
  const root = monorepo();
  const { index, skipped } = loadWorkspace(root);
  const model = index.model();
  assert.deepEqual(skipped, []);
  assert.deepEqual(model.files, ["src/a.ts", "src/b.ts", "src/conflict.ts"]);
  const findings = computeFindings(model, { local: snapshot([]), cloud: UNCHECKED });
  assert.deepEqual(findings.map(brief).sort(), [
    "src/a.ts:3 KS001[local]",
    "src/a.ts:3 KS001[local]",
    "src/b.ts:3 KS001[local]",
    "src/b.ts:3 KS014",
    "src/conflict.ts:3 KS016",
  ]);
  const fromShared = model.requirements.filter((r) => r.definition?.file.startsWith("../credentials/"));
  assert.equal(fromShared.length, 3);
  assert.equal(model.requirements.find((r) => r.action.name === "a")?.origin?.file, "../credentials/src/index.ts");
});

test("an installed package reached by name is not read: its primitives stay Keystroke's imports", () => {
  const root = monorepo();
  write(root, { "src/pad.ts": `import { exa } from "left-pad";\nimport { defineAction } from "@keystrokehq/keystroke/action";\nexport const p = defineAction({ slug: "p", credentials: [exa] });\n` });
  const findings = computeFindings(loadWorkspace(root).index.model(), { local: snapshot([]), cloud: UNCHECKED });
  assert.ok(findings.map(brief).includes("src/pad.ts:3 KS013"), "left-pad is not a workspace package, so exa is not traced");
});
