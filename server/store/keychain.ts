// The OS keychain backend, and the only module that imports @napi-rs/keyring. Service
// "keystroke-local", account = entry id, value = JSON of the entry's fields.
//
// Why an index next to the keychain although the library can list by service: every store on the
// machine shares the service name (the user's store, the `npm start` store, each test's temp
// store), so "keychain entries without metadata" cannot be read off the keychain alone: another
// store's entries would look orphaned. The index names the entries *this* store created, with
// each one's label (key, scope, project, name; never a value) so that a lost credentials.json
// can be rebuilt. Values are read by id only: listing the whole service fails when another store
// changes it meanwhile. The availability probe uses an account of this store's own, for the same
// reason.
import type { AsyncEntry, EntryOptions } from "@napi-rs/keyring";
import { createHash } from "node:crypto";
import { readFile, rename } from "node:fs/promises";
import { z } from "zod";
import { writeFileAtomic } from "./atomic-write";
import { StoreRequestError } from "./errors";
import { KEYCHAIN_INDEX_FILE, storeFile } from "./paths";
import { SecretLabel, SecretsUnavailableError, parseStoredValues, sameLabel, type FieldValues, type SecretBackend } from "./secret-backend";
import { errorMessage } from "../core/error-message";
import { retryTransient } from "./transient-retry";

export const KEYCHAIN_SERVICE = "keystroke-local";

// Without a pin, the library silently falls back to the Linux kernel keyring (lost on reboot)
// when there is no Secret Service; the issue wants that case reported, not papered over.
const ENTRY_OPTIONS: EntryOptions = { linux: { store: "secret-service" } };
// A locked keychain can show an unlock prompt and wait forever; fail the request instead. The
// signal alone cannot interrupt a call already running on the native thread pool, so the
// deadline is also raced.
const CALL_TIMEOUT_MS = 10_000;
// Windows Credential Manager keeps at most 2,560 bytes per credential (CRED_MAX_CREDENTIAL_BLOB_SIZE)
// and the library stores the value as UTF-16: 1,280 characters of JSON. A longer value is refused
// before anything is written, never truncated.
export const WINDOWS_MAX_VALUE_CHARS = 1280;

function withDeadline<T>(op: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const signal = AbortSignal.timeout(CALL_TIMEOUT_MS);
  const expired = new Promise<never>((_, reject) =>
    signal.addEventListener("abort", () => reject(new Error(`no answer within ${CALL_TIMEOUT_MS / 1000} s; is the keychain locked?`)), { once: true }),
  );
  return Promise.race([op(signal), expired]);
}

const KeychainIndexV1 = z.object({ version: z.literal(1), ids: z.array(z.string()) });
const KeychainIndexV2 = z.object({ version: z.literal(2), entries: z.record(z.string(), SecretLabel.nullable()) });
const KeychainIndex = z.union([KeychainIndexV1, KeychainIndexV2]);

/** Reads the index; a file that exists but does not parse is renamed aside (never forgotten). */
async function readIndex(file: string): Promise<{ labels: Map<string, SecretLabel | null>; notice: string | null }> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { labels: new Map(), notice: null };
    return { labels: new Map(), notice: `${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"}); orphaned values are not looked for until it can.` };
  }
  let parsed: z.infer<typeof KeychainIndex> | null = null;
  try {
    const result = KeychainIndex.safeParse(JSON.parse(text));
    if (result.success) parsed = result.data;
  } catch {
    parsed = null;
  }
  if (parsed === null) {
    const aside = `${file}.unreadable-${new Date().toISOString().replace(/[:.]/g, "-")}`;
    await rename(file, aside);
    return {
      labels: new Map(),
      notice: `${file} could not be read; it was kept as ${aside}. Values stay in the keychain; entries in credentials.json are recorded in a new index.`,
    };
  }
  if (parsed.version === 1) return { labels: new Map(parsed.ids.map((id) => [id, null])), notice: null };
  return { labels: new Map(Object.entries(parsed.entries)), notice: null };
}

type KeyringModule = typeof import("@napi-rs/keyring");
let keyring: { module: KeyringModule } | { missing: string } | undefined;

/**
 * The native module, loaded on first use rather than at import: a VSIX or install without this
 * platform's binary must still start the server (metadata, analysis), and say what to do.
 */
function loadKeyring(): { module: KeyringModule } | { missing: string } {
  if (keyring) return keyring;
  try {
    keyring = { module: require("@napi-rs/keyring") as KeyringModule };
  } catch (error) {
    keyring = { missing: describeFailure(error) };
  }
  return keyring;
}

/** Why the keychain module has no binary here, with the two ways on. */
export function keychainModuleMissingMessage(detail: string): string {
  return (
    `This installation has no OS keychain module for ${process.platform}-${process.arch} (${detail}). ` +
    "Install the Keystroke Credentials build for your platform, or use the file backend " +
    "(setting keystroke.secretBackend or --secret-backend file: values in a 0600 file; read the README's warning first)."
  );
}

export function keychainUnavailableMessage(detail: string): string {
  return (
    `The OS keychain is not available (${detail}). Start gnome-keyring (or unlock your keychain), ` +
    "or run with --secret-backend file (stores values in a 0600 file)."
  );
}

function describeFailure(error: unknown): string {
  const text = errorMessage(error);
  const firstLine = text.split("\n")[0] ?? text;
  return firstLine.length > 200 ? `${firstLine.slice(0, 200)}…` : firstLine;
}

export class KeychainBackend implements SecretBackend {
  readonly kind = "keychain" as const;

  private constructor(
    private readonly dir: string,
    private readonly labels: Map<string, SecretLabel | null>,
    /** Said once at start-up: what happened to an unreadable index. */
    readonly notice: string | null,
    private readonly platform: NodeJS.Platform,
  ) {}

  /** The native module could not be loaded: no binary for this platform in this installation. */
  get moduleMissing(): boolean {
    return "missing" in loadKeyring();
  }

  /** `platform`: whose keychain rules apply (tests switch it). */
  static async open(dir: string, platform: NodeJS.Platform = process.platform): Promise<KeychainBackend> {
    const { labels, notice } = await readIndex(storeFile(dir, KEYCHAIN_INDEX_FILE));
    return new KeychainBackend(dir, labels, notice, platform);
  }

  async probe(): Promise<string | null> {
    const loaded = loadKeyring();
    if ("missing" in loaded) return keychainModuleMissingMessage(loaded.missing);
    try {
      // A write, a read and a delete of an account of this store's own: listing works on some
      // systems where writing does not, and a shared probe account raced between stores.
      const account = `probe-${createHash("sha256").update(this.dir).digest("hex").slice(0, 16)}`;
      const probe = new loaded.module.AsyncEntry(KEYCHAIN_SERVICE, account, ENTRY_OPTIONS);
      await retryTransient(() => withDeadline((signal) => probe.setPassword("{}", signal)));
      await retryTransient(() => withDeadline((signal) => probe.getPassword(signal)));
      await retryTransient(() => withDeadline((signal) => probe.deleteCredential(signal)));
      return null;
    } catch (error) {
      return keychainUnavailableMessage(describeFailure(error));
    }
  }

  async get(id: string): Promise<FieldValues | null> {
    const text = await this.call((signal) => this.entry(id).getPassword(signal));
    return text === null ? null : parseStoredValues(text);
  }

  async set(id: string, values: FieldValues, label: SecretLabel): Promise<void> {
    const text = JSON.stringify(values);
    if (this.platform === "win32" && text.length > WINDOWS_MAX_VALUE_CHARS) {
      throw new StoreRequestError(
        "invalid",
        `${label.key}'s values take ${text.length} characters stored, and Windows Credential Manager holds at most ${WINDOWS_MAX_VALUE_CHARS} per credential (a PEM key or many fields do not fit). Nothing was stored. Keep the long field in a credential of its own, or use the file backend.`,
      );
    }
    // Index first: if we crash after the keychain write, repair still knows the id is ours.
    await this.relabel(new Map([[id, label]]));
    await this.call((signal) => this.entry(id).setPassword(text, signal));
  }

  async relabel(labels: ReadonlyMap<string, SecretLabel>): Promise<void> {
    if ([...labels].every(([id, label]) => sameLabel(this.labels.get(id), label))) return;
    const next = new Map(this.labels);
    for (const [id, label] of labels) next.set(id, label);
    await this.saveIndex(next);
  }

  async delete(id: string): Promise<void> {
    await this.call((signal) => this.entry(id).deleteCredential(signal));
    if (!this.labels.has(id)) return;
    const next = new Map(this.labels);
    next.delete(id);
    await this.saveIndex(next);
  }

  async owned(): Promise<Map<string, SecretLabel | null>> {
    return new Map(this.labels);
  }

  /** One read per id, in parallel: only this store's accounts are ever read. */
  async readMany(ids: readonly string[]): Promise<Map<string, FieldValues>> {
    const read = await Promise.all(ids.map(async (id) => [id, await this.get(id)] as const));
    return new Map(read.flatMap(([id, values]) => (values !== null ? [[id, values] as const] : [])));
  }

  private entry(id: string): AsyncEntry {
    const loaded = loadKeyring();
    if ("missing" in loaded) throw new SecretsUnavailableError(keychainModuleMissingMessage(loaded.missing));
    return new loaded.module.AsyncEntry(KEYCHAIN_SERVICE, id, ENTRY_OPTIONS);
  }

  private async call<T>(op: (signal: AbortSignal) => Promise<T>): Promise<T> {
    try {
      return await retryTransient(() => withDeadline(op));
    } catch (error) {
      if (error instanceof SecretsUnavailableError) throw error;
      throw new SecretsUnavailableError(keychainUnavailableMessage(describeFailure(error)));
    }
  }

  /** Memory changes only after the file is written, so a failed write leaves both as they were. */
  private async saveIndex(next: Map<string, SecretLabel | null>): Promise<void> {
    await writeFileAtomic(storeFile(this.dir, KEYCHAIN_INDEX_FILE), `${JSON.stringify({ version: 2, entries: Object.fromEntries(next) })}\n`);
    this.labels.clear();
    for (const [id, label] of next) this.labels.set(id, label);
  }
}
