// What a push would do to the cloud, from the cloud listing read just before it: create the key
// at the target, replace (update) an entry that is already there, or not known because the
// listing failed. Every push path asks before replacing and before pushing blind (VS Code, the
// manager in the sidebar and the browser, the coding agents' push_credential).
import type { CloudSnapshotParams, PushTarget, Scope, SnapshotEntry } from "./schema";

export type PushPreview =
  | { kind: "create"; target: PushTarget }
  | { kind: "replace"; target: PushTarget; existing: SnapshotEntry; listedAt: string | null }
  | { kind: "unknown"; target: PushTarget; reason: string };

export function describeTarget(target: { scope: Scope; project?: string | undefined }): string {
  return target.scope === "project" ? `project ${target.project ?? "(current)"}` : target.scope;
}

/** The listed entry at the target: same key and scope, and for project scope the same project (the listing's own when unnamed). */
export function cloudEntryAt(cloud: CloudSnapshotParams, key: string, target: PushTarget, currentProject?: string): SnapshotEntry | undefined {
  const snapshot = cloud.snapshot;
  if (snapshot === null) return undefined;
  const project = target.project ?? currentProject ?? snapshot.project;
  return snapshot.credentials.find((c) => c.key === key && c.scope === target.scope && (target.scope !== "project" || (c.project ?? snapshot.project) === project));
}

export function pushPreview(key: string, target: PushTarget, cloud: CloudSnapshotParams, currentProject?: string): PushPreview {
  if (cloud.snapshot === null) return { kind: "unknown", target, reason: "reason" in cloud ? cloud.reason : "the cloud could not be listed" };
  const existing = cloudEntryAt(cloud, key, target, currentProject);
  return existing ? { kind: "replace", target, existing, listedAt: cloud.snapshot.fetchedAt ?? null } : { kind: "create", target };
}

/** What is in the cloud, for the question before replacing: name, default mark, fields, when listed. */
export function describeCloudEntry(existing: SnapshotEntry, listedAt: string | null): string {
  const fields = existing.fields?.length ? `fields ${existing.fields.join(", ")}` : "fields not listed";
  return `“${existing.name ?? existing.key}”${existing.default ? " (default)" : ""}, ${fields}${listedAt ? `, listed ${listedAt}` : ""}`;
}

/**
 * The question to ask before the push, or null when it creates. Whether the CLI replaces the
 * entry's fields or merges them is not documented (README: Assumptions); the wording says update.
 */
export function pushQuestion(key: string, preview: PushPreview): string | null {
  const where = describeTarget(preview.target);
  if (preview.kind === "create") return null;
  if (preview.kind === "unknown") return `The cloud listing failed (${preview.reason}), so whether “${key}” exists at ${where} is not known: pushing may update an entry there.`;
  return `The cloud already has “${key}” at ${where}: ${describeCloudEntry(preview.existing, preview.listedAt)}. Pushing updates it with the local values.`;
}
