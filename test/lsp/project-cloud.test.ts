// Several projects in one workspace: a cloud listing names the project it was listed for (its
// root), and only that project's requirements are resolved against it; the others' cloud target
// is "not checked", saying how to select them, never resolved against another project's cloud.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { CLOUD_SNAPSHOT_NOTIFICATION, REQUIREMENTS_REQUEST, RequirementsResult } from "../../server/core/schema";
import { LspClient, tempWorkspace } from "./lsp-client";

const mono = tempWorkspace("monorepo");
const alphaRoot = path.join(mono.dir, "packages/alpha");
const betaRoot = path.join(mono.dir, "packages/beta");
let lsp: LspClient;

const action = (key: string) =>
  `import { defineAction } from "@keystrokehq/keystroke/action";\nimport { defineCredential } from "@keystrokehq/keystroke/credentials";\nimport { z } from "zod";\nconst c = defineCredential({ key: "${key}", fields: { apiKey: z.string() } });\nexport const a = defineAction({ slug: "${key}", credentials: [c] as const, run: async () => 1 });\n`;

before(async () => {
  writeFileSync(path.join(alphaRoot, "src/listed.ts"), action("alpha-listed"));
  writeFileSync(path.join(betaRoot, "src/listed.ts"), action("beta-listed"));
  lsp = await LspClient.start({ folders: [mono.dir], storeDir: mono.store });
});

/** Polls a request's answer until it holds (the server re-resolves after the notification). */
async function until<T>(what: string, probe: () => Promise<T | null>): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

after(async () => {
  await lsp.stop();
  mono.cleanup();
});

/** The cloud status of the two valid requirements, by key. */
async function cloudStatuses(): Promise<Record<string, string>> {
  const result = RequirementsResult.parse(await lsp.connection.sendRequest(REQUIREMENTS_REQUEST, {}));
  const out: Record<string, string> = {};
  for (const r of result.requirements) if (r.key.endsWith("-listed")) out[r.key] = r.targets.cloud.status === "unchecked" ? `unchecked: ${r.targets.cloud.reason}` : r.targets.cloud.status;
  return out;
}

test("the listing of one project resolves only that project's requirements", async () => {
  await lsp.connection.sendNotification(CLOUD_SNAPSHOT_NOTIFICATION, { snapshot: { version: 1, credentials: [] }, root: alphaRoot });
  const listed = await until("alpha resolved against the cloud", async () => {
    const s = await cloudStatuses();
    return s["alpha-listed"] === "missing" ? s : null;
  });
  assert.match(listed["beta-listed"] ?? "", /^unchecked: the cloud was listed for the project in .*packages\/alpha; select this project/);

  // Without a root (one project in the workspace) the listing applies to every project.
  await lsp.connection.sendNotification(CLOUD_SNAPSHOT_NOTIFICATION, { snapshot: { version: 1, credentials: [] } });
  await until("beta resolved too", async () => ((await cloudStatuses())["beta-listed"] === "missing" ? true : null));
});
