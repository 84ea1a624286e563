// The platform's resolution order (server/core/resolution), one rule per test.
import test from "node:test";
import assert from "node:assert/strict";
import { missingFields, resolveRequirement, visibleEntries } from "../../server/core/resolution";
import type { Snapshot, SnapshotEntry } from "../../server/core/schema";

const snap = (credentials: SnapshotEntry[], extra: Partial<Snapshot> = {}): Snapshot => ({ version: 1, credentials, ...extra });
const outcome = (r: ReturnType<typeof resolveRequirement>) => (r.ok ? `ok:${r.scope}:${r.entry.name ?? ""}` : r.code);

test("unpinned: project before organization", () => {
  const s = snap([
    { key: "k", scope: "organization", name: "org" },
    { key: "k", scope: "project", name: "proj" },
  ]);
  assert.equal(outcome(resolveRequirement("k", null, s, { project: "p" })), "ok:project:proj");
});

test("unpinned: organization when there is no project candidate", () => {
  assert.equal(outcome(resolveRequirement("k", null, snap([{ key: "k", scope: "organization", name: "org" }]), {})), "ok:organization:org");
});

test("unpinned never reaches user: KS002 when a user credential exists, KS001 otherwise", () => {
  assert.equal(outcome(resolveRequirement("k", null, snap([{ key: "k", scope: "user" }]), {})), "KS002");
  assert.equal(outcome(resolveRequirement("k", null, snap([{ key: "other", scope: "project" }]), {})), "KS001");
});

test("pinned: only the pinned scope; KS003 when the key exists elsewhere, KS001 when nowhere", () => {
  const s = snap([{ key: "k", scope: "organization" }]);
  assert.equal(outcome(resolveRequirement("k", "organization", s, {})), "ok:organization:");
  const r = resolveRequirement("k", "project", s, {});
  assert.equal(outcome(r), "KS003");
  assert.deepEqual(!r.ok && r.existsAt, ["organization"]);
  assert.equal(outcome(resolveRequirement("k", "user", snap([]), {})), "KS001");
  assert.equal(outcome(resolveRequirement("k", "user", snap([{ key: "k", scope: "user", name: "me" }]), {})), "ok:user:me");
});

test("several candidates: the default wins; none default is KS005 and resolution stops there", () => {
  const two = [
    { key: "k", scope: "project" as const, name: "a" },
    { key: "k", scope: "project" as const, name: "b", default: true },
  ];
  assert.equal(outcome(resolveRequirement("k", null, snap(two), {})), "ok:project:b");
  const tied = snap([{ key: "k", scope: "project", name: "a" }, { key: "k", scope: "project", name: "b" }, { key: "k", scope: "organization", name: "org" }]);
  const r = resolveRequirement("k", null, tied, {});
  assert.equal(outcome(r), "KS005");
  assert.equal(!r.ok && r.tied.length, 2);
  const twoDefaults = snap([{ key: "k", scope: "organization", default: true }, { key: "k", scope: "organization", default: true }]);
  assert.equal(outcome(resolveRequirement("k", null, twoDefaults, {})), "KS005");
});

test("project ownership: other projects' entries are invisible; an entry without project belongs to the snapshot's or the current project", () => {
  const s = snap(
    [
      { key: "k", scope: "project", project: "other", name: "theirs" },
      { key: "k", scope: "organization", name: "org" },
      { key: "j", scope: "project", name: "snapshot-owned" },
    ],
    { project: "mine" },
  );
  assert.equal(outcome(resolveRequirement("k", null, s, { project: "mine" })), "ok:organization:org");
  assert.equal(outcome(resolveRequirement("k", "project", s, { project: "mine" })), "KS003");
  assert.equal(outcome(resolveRequirement("j", null, s, { project: "mine" })), "ok:project:snapshot-owned");
  // The snapshot names another project than the current one: its unowned entries are not ours.
  assert.equal(outcome(resolveRequirement("j", null, s, { project: "else" })), "KS001");
  // No project in the snapshot: an unowned entry belongs to the current project.
  assert.equal(outcome(resolveRequirement("j", null, snap([{ key: "j", scope: "project" }]), { project: "x" })), "ok:project:");
  assert.equal(visibleEntries(s, { project: "other" }).length, 2);
});

test("missingFields: absent field list checks nothing; an empty list lacks everything", () => {
  assert.deepEqual(missingFields({ key: "k", scope: "project" }, ["a"]), []);
  assert.deepEqual(missingFields({ key: "k", scope: "project", fields: [] }, ["a", "b"]), ["a", "b"]);
  assert.deepEqual(missingFields({ key: "k", scope: "project", fields: ["a"] }, ["a", "b"]), ["b"]);
});
