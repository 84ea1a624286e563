// The local credential store: metadata in memory (served from there), persisted to credentials.json,
// values in a secret backend. Every change runs through one promise queue, so parallel requests
// never interleave their read-modify-write, and each change is acknowledged only after both the
// backend and the metadata file are durable. Order of the two halves, chosen so that a crash
// leaves only what start-up repair fixes: values before metadata on create/update, metadata
// before values on delete. A change whose metadata commit fails puts the previous values back,
// so a refused request leaves the secret as it was.
import { randomUUID } from "node:crypto";
import { lstat } from "node:fs/promises";
import path from "node:path";
import type { ImportDotenvBody, PatchCredentialBody, PutCredentialBody, RevealResponse, Scope, StoreEntry, StoreEvent, StoreFile } from "../core/schema";
import { removeStaleTempFiles } from "./atomic-write";
import { parseDotenv } from "./dotenv";
import { FIELD_VALUE_MAX } from "../core/schema";
import { StorageError, StoreRequestError, asStorageError } from "./errors";
import { readStoreFile, writeStoreFile } from "./metadata";
import { CREDENTIALS_FILE, KEYCHAIN_INDEX_FILE, SECRETS_FILE } from "./paths";
import { repairStore, type MetadataState, type RepairReport } from "./repair";
import { SecretsUnavailableError, labelOf, type FieldValues, type SecretBackend } from "./secret-backend";

export type StoreListener = (event: StoreEvent) => void;

export interface OpenedStore {
  store: CredentialStore;
  /** Null when repair could not run because the secret backend is unavailable. */
  repair: RepairReport | null;
  /** credentials.json was missing while the secret backend holds values of this store. */
  lostMetadata: boolean;
}

export class CredentialStore {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<StoreListener>();

  private constructor(
    private readonly dir: string,
    private file: StoreFile,
    private readonly backend: SecretBackend,
    private unavailable: string | null,
    /** credentials.json was missing while the backend was unavailable: recover before any write. */
    private pendingRecovery: boolean,
  ) {}

  /** Reads (and migrates) the metadata, probes the backend and repairs. Call with the lock held. */
  static async open(dir: string, backend: SecretBackend): Promise<{ ok: true; opened: OpenedStore } | { ok: false; message: string }> {
    await removeStaleTempFiles(dir, [CREDENTIALS_FILE, SECRETS_FILE, KEYCHAIN_INDEX_FILE]);
    const linked = await firstSymlink(dir, [CREDENTIALS_FILE, SECRETS_FILE, KEYCHAIN_INDEX_FILE]);
    if (linked !== null) {
      // Atomic replacement would swap the link for a plain file, and a dangling link reads as
      // "no metadata": neither is safe to guess about.
      return { ok: false, message: `${linked} is a symbolic link; the store replaces its files atomically and does not follow links. Put the file itself there (or point --store at the directory the link leads to); nothing was changed.` };
    }
    const read = await readStoreFile(dir);
    if (!read.ok) return { ok: false, message: read.message };
    let file = read.file;
    const metadata: MetadataState = read.exists ? "read" : "absent";
    const lost = metadata === "absent" && (await backend.owned()).size > 0;
    // A new store gets its (empty) credentials.json at once, so `check --local-store` sees an
    // empty store rather than none; a migrated one is saved in the current format. Not when
    // the metadata was lost: an empty file would make the lost entries' values look orphaned.
    if ((!read.exists && !lost) || read.migratedFrom !== null) await writeStoreFile(dir, file);
    const unavailable = await backend.probe();
    let repair: RepairReport | null = null;
    if (unavailable === null) {
      const repaired = await repairStore(file, metadata, backend);
      repair = repaired.report;
      if (repaired.changed || lost) {
        file = repaired.file;
        await writeStoreFile(dir, file);
      }
    }
    return { ok: true, opened: { store: new CredentialStore(dir, file, backend, unavailable, lost && unavailable !== null), repair, lostMetadata: lost } };
  }

  get backendKind(): SecretBackend["kind"] {
    return this.backend.kind;
  }

  /** Null when secrets can be read and written; otherwise the actionable reason. */
  get secretsUnavailable(): string | null {
    return this.unavailable;
  }

  /** Secrets are unavailable because this installation lacks the platform's keychain binary. */
  get keychainModuleMissing(): boolean {
    return this.backend.moduleMissing === true;
  }

  /** The current metadata, from memory. Do not mutate. */
  snapshotFile(): StoreFile {
    return this.file;
  }

  entries(): readonly StoreEntry[] {
    return this.file.entries;
  }

  find(id: string): StoreEntry | undefined {
    return this.file.entries.find((e) => e.id === id);
  }

  onEvent(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Creates the entry, or replaces the values of the one with the same key, scope and project. */
  put(body: PutCredentialBody, currentProject: string | undefined): Promise<{ entry: StoreEntry; created: boolean }> {
    const project = ownerProject(body.scope, body.project, currentProject, "");
    return this.enqueue(async () => {
      const existing = this.file.entries.find((e) => e.key === body.key && e.scope === body.scope && e.project === project);
      if (existing !== undefined && body.kind !== undefined && body.kind !== existing.kind) {
        throw new StoreRequestError(
          "conflict",
          `a ${existing.scope} credential "${existing.key}" of kind ${existing.kind} exists; delete it before storing kind ${body.kind}`,
        );
      }
      await this.ensureSecrets();
      const id = existing?.id ?? randomUUID();
      const now = new Date().toISOString();
      const entry: StoreEntry = {
        id,
        key: body.key,
        scope: body.scope,
        ...(project !== undefined ? { project } : {}),
        default: body.default ?? existing?.default ?? true,
        name: body.name ?? existing?.name ?? body.key,
        kind: body.kind ?? existing?.kind ?? "api_key",
        fields: Object.keys(body.fields),
        createdAt: existing?.createdAt ?? now,
        updatedAt: now,
        ...(existing?.lastUsedAt !== undefined ? { lastUsedAt: existing.lastUsedAt } : {}),
      };
      await this.writeValues([{ id, values: body.fields, entry, before: existing }], () =>
        this.commit(existing === undefined ? [...this.file.entries, entry] : this.file.entries.map((e) => (e.id === id ? entry : e))),
      );
      this.emit(existing === undefined ? "created" : "updated", [entry]);
      return { entry, created: existing === undefined };
    });
  }

  /** Renames, sets the default flag, or rotates some fields' values (others keep theirs). */
  patch(id: string, body: PatchCredentialBody): Promise<StoreEntry> {
    return this.enqueue(async () => {
      const existing = this.require(id);
      let merged: FieldValues | null = null;
      if (body.fields !== undefined) {
        await this.ensureSecrets();
        const current = existing.secretMissing === true ? null : await this.secretCall(() => this.backend.get(id));
        if (current === null) {
          throw new StoreRequestError("conflict", `the values of "${existing.key}" are missing from the secret store; set every field again (PUT)`);
        }
        merged = { ...current, ...body.fields };
      }
      const entry: StoreEntry = {
        ...withoutMarks(existing),
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(body.default !== undefined ? { default: body.default } : {}),
        fields: merged !== null ? Object.keys(merged) : existing.fields,
        updatedAt: new Date().toISOString(),
      };
      const commit = () => this.commit(this.file.entries.map((e) => (e.id === id ? entry : e)));
      if (merged !== null) await this.writeValues([{ id, values: merged, entry, before: existing }], commit);
      else {
        await commit();
        // The label follows renames; values untouched. A failure here is repaired at start-up.
        await this.backend.relabel(new Map([[id, labelOf(entry)]])).catch(() => undefined);
      }
      this.emit("updated", [entry]);
      return entry;
    });
  }

  remove(id: string): Promise<StoreEntry> {
    return this.enqueue(async () => {
      const existing = this.require(id);
      await this.ensureSecrets();
      await this.commit(this.file.entries.filter((e) => e.id !== id));
      // If this fails, the id stays in the backend's own index and start-up repair removes it.
      await this.secretCall(() => this.backend.delete(id)).catch(() => undefined);
      this.emit("deleted", [existing]);
      return existing;
    });
  }

  /** The values of one entry; records the use in `lastUsedAt`. */
  reveal(id: string): Promise<RevealResponse> {
    return this.enqueue(async () => {
      const existing = this.require(id);
      await this.ensureSecrets();
      const values = await this.secretCall(() => this.backend.get(id));
      if (values === null) {
        throw new StoreRequestError("conflict", `the values of "${existing.key}" are missing from the secret store; set them again`);
      }
      // Best effort: a disk that refuses the note of use must not withhold the values.
      await this.commit(this.file.entries.map((e) => (e.id === id ? { ...e, lastUsedAt: new Date().toISOString() } : e))).catch((error: unknown) => {
        if (!(error instanceof StorageError)) throw error;
      });
      return { id, key: existing.key, fields: values };
    });
  }

  /** Imports mapped variables of a .env text; every mapped variable must be present. */
  importDotenv(body: ImportDotenvBody, currentProject: string | undefined): Promise<StoreEntry[]> {
    const { values, loneCarriageReturns } = parseDotenv(body.content);
    const absent = body.mapping.filter((m) => !values.has(m.env)).map((m) => m.env);
    if (absent.length > 0) {
      const cr =
        loneCarriageReturns.length > 0
          ? ` Line${loneCarriageReturns.length === 1 ? "" : "s"} ${loneCarriageReturns.slice(0, 5).join(", ")} hold a carriage return without a line feed (old Mac line endings) and were not read: save the file with LF or CRLF line endings.`
          : "";
      throw new StoreRequestError("invalid", `not set in the .env content: ${[...new Set(absent)].join(", ")}.${cr}`);
    }
    const groups = new Map<string, { key: string; scope: Scope; project: string | undefined; values: FieldValues }>();
    body.mapping.forEach((m, i) => {
      const value = values.get(m.env)!;
      // The same limit as PUT: a .env is no way around it.
      if (value.length > FIELD_VALUE_MAX) throw new StoreRequestError("invalid", `mapping.${i}: the value of ${m.env} is longer than ${FIELD_VALUE_MAX} characters, the limit for one field`);
      const project = ownerProject(m.scope, m.project, currentProject, `mapping.${i}.`);
      const id = JSON.stringify([m.key, m.scope, project ?? null]);
      const group = groups.get(id) ?? { key: m.key, scope: m.scope, project, values: Object.create(null) as FieldValues };
      group.values[m.field] = value;
      groups.set(id, group);
    });
    return this.enqueue(async () => {
      await this.ensureSecrets();
      let entries = this.file.entries;
      const touched: StoreEntry[] = [];
      const writes: ValueWrite[] = [];
      const now = new Date().toISOString();
      for (const group of groups.values()) {
        const existing = entries.find((e) => e.key === group.key && e.scope === group.scope && e.project === group.project);
        const id = existing?.id ?? randomUUID();
        const current = existing !== undefined && existing.secretMissing !== true ? await this.secretCall(() => this.backend.get(id)) : null;
        const merged = { ...(current ?? {}), ...group.values };
        const entry: StoreEntry = existing
          ? { ...withoutMarks(existing), fields: Object.keys(merged), updatedAt: now }
          : {
              id,
              key: group.key,
              scope: group.scope,
              ...(group.project !== undefined ? { project: group.project } : {}),
              default: true,
              name: group.key,
              kind: "api_key",
              fields: Object.keys(merged),
              createdAt: now,
              updatedAt: now,
            };
        entries = existing ? entries.map((e) => (e.id === id ? entry : e)) : [...entries, entry];
        touched.push(entry);
        writes.push({ id, values: merged, entry, before: existing });
      }
      await this.writeValues(writes, () => this.commit(entries));
      this.emit("imported", touched);
      return touched;
    });
  }

  private require(id: string): StoreEntry {
    const entry = this.find(id);
    if (entry === undefined) throw new StoreRequestError("not_found", `no credential with id ${id}`);
    return entry;
  }

  /**
   * Fails fast while the backend is known to be down, re-probing so a started keychain is
   * noticed; a recovery postponed at start-up runs before the first write.
   */
  private async ensureSecrets(): Promise<void> {
    if (this.unavailable === null) return;
    this.unavailable = await this.backend.probe();
    if (this.unavailable !== null) throw new SecretsUnavailableError(this.unavailable);
    if (!this.pendingRecovery) return;
    const repaired = await repairStore(this.file, "absent", this.backend);
    await this.commit(repaired.file.entries);
    this.pendingRecovery = false;
    this.emit("repaired", repaired.file.entries);
  }

  /**
   * Writes values, then `commit`s the metadata; if any step fails, every value written is put
   * back as it was (or removed, for a new entry), so the request changes nothing.
   */
  private async writeValues(writes: readonly ValueWrite[], commit: () => Promise<void>): Promise<void> {
    const done: { write: ValueWrite; previous: FieldValues | null }[] = [];
    try {
      for (const write of writes) {
        const previous = write.before !== undefined && write.before.secretMissing !== true ? await this.secretCall(() => this.backend.get(write.id)) : null;
        await this.secretCall(() => this.backend.set(write.id, write.values, labelOf(write.entry)));
        done.push({ write, previous });
      }
      await commit();
    } catch (error) {
      for (const { write, previous } of done.reverse()) {
        await (previous !== null ? this.backend.set(write.id, previous, labelOf(write.before!)) : this.backend.delete(write.id)).catch(() => undefined);
      }
      throw asStorageError(error, "saving the credential");
    }
  }

  private async secretCall<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (error) {
      if (error instanceof SecretsUnavailableError) this.unavailable = error.message;
      throw error;
    }
  }

  private async commit(entries: StoreEntry[]): Promise<void> {
    const next: StoreFile = { ...this.file, entries };
    try {
      await writeStoreFile(this.dir, next);
    } catch (error) {
      throw asStorageError(error, "writing credentials.json");
    }
    this.file = next;
  }

  private emit(type: StoreEvent["type"], entries: readonly StoreEntry[]): void {
    const event: StoreEvent = { type, ids: entries.map((e) => e.id), keys: entries.map((e) => e.key), at: new Date().toISOString() };
    for (const listener of this.listeners) listener(event);
  }

  private enqueue<T>(op: () => Promise<T>): Promise<T> {
    const run = this.tail.then(op, op);
    this.tail = run.catch(() => undefined);
    return run;
  }
}

async function firstSymlink(dir: string, names: readonly string[]): Promise<string | null> {
  for (const name of names) {
    const file = path.join(dir, name);
    try {
      if ((await lstat(file)).isSymbolicLink()) return file;
    } catch {
      // Absent: nothing to refuse.
    }
  }
  return null;
}

interface ValueWrite {
  id: string;
  values: FieldValues;
  entry: StoreEntry;
  /** The entry before this change; absent for a new one. */
  before: StoreEntry | undefined;
}

/** A saved entry is reviewed and complete: repair's marks go. */
function withoutMarks(entry: StoreEntry): StoreEntry {
  const { secretMissing: _missing, recovered: _recovered, ...rest } = entry;
  return rest;
}

/** The owning project of an entry: only project scope has one, defaulting to the current project. */
export function ownerProject(scope: Scope, given: string | undefined, current: string | undefined, pathPrefix: string): string | undefined {
  if (scope !== "project") {
    if (given !== undefined) throw new StoreRequestError("invalid", `${pathPrefix}project: only project-scope credentials belong to a project`);
    return undefined;
  }
  const project = given ?? current;
  if (project === undefined) {
    throw new StoreRequestError(
      "invalid",
      `${pathPrefix}project: a project-scope credential needs a project; pass "project", or start the server with --root on a project whose keystroke.config.ts names one`,
    );
  }
  return project;
}
