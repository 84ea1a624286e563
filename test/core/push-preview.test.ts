// What a push would do, read from the listing just before it: create, update what is there
// (said with its name, default mark, fields and listing time), or not known when listing failed.
import test from "node:test";
import assert from "node:assert/strict";
import { pushPreview, pushQuestion } from "../../server/core/push-preview";
import type { CloudSnapshotParams } from "../../server/core/schema";

const cloud: CloudSnapshotParams = {
  snapshot: {
    version: 1,
    project: "bot",
    fetchedAt: "2026-12-03T10:00:00Z",
    credentials: [
      { key: "exa", scope: "organization", name: "Exa (org)", default: true, fields: ["apiKey"] },
      { key: "exa", scope: "project", fields: ["apiKey"] },
      { key: "linear", scope: "project", project: "other", fields: ["apiKey"] },
    ],
  },
};

test("create, update (the project's own entry counts for an unnamed project), or unknown", () => {
  assert.equal(pushPreview("linear", { scope: "organization" }, cloud).kind, "create");
  assert.equal(pushPreview("linear", { scope: "project", project: "bot" }, cloud).kind, "create", "another project's entry is not this one");
  assert.equal(pushPreview("linear", { scope: "project", project: "other" }, cloud).kind, "replace");
  assert.equal(pushPreview("exa", { scope: "project" }, cloud).kind, "replace", "the listing's project");
  const replace = pushPreview("exa", { scope: "organization" }, cloud);
  assert.equal(pushQuestion("exa", replace), "The cloud already has “exa” at organization: “Exa (org)” (default), fields apiKey, listed 2026-12-03T10:00:00Z. Pushing updates it with the local values.");
  assert.equal(pushQuestion("linear", pushPreview("linear", { scope: "organization" }, cloud)), null, "creating needs no question");
  const unknown = pushPreview("exa", { scope: "user" }, { snapshot: null, reason: "not logged in" });
  assert.deepEqual(unknown, { kind: "unknown", target: { scope: "user" }, reason: "not logged in" });
  assert.match(pushQuestion("exa", unknown)!, /^The cloud listing failed \(not logged in\), so whether “exa” exists at user is not known/);
});
