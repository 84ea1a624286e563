// The OS keychain backend, and the only module that imports @napi-rs/keyring. Service
// "keystroke-local", account = entry id, value = JSON of the entry's fields.
//
// Why an id index next to the keychain although the library can list by service
// (findCredentials): every store on the machine shares the service name (the user's store, the
// `npm start` store, each test's temp store), so "keychain entries without metadata" cannot be
// read off the keychain alone: another store's entries would look orphaned and be deleted. The
// index (ids only, no secrets) names the entries *this* store created, and repair only ever
// deletes those. Listing by service is still used to read many values in one D-Bus round trip.
import { AsyncEntry, findCredentialsAsync, type EntryOptions } from "@napi-rs/keyring";
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { writeFileAtomic } from "./atomic-write";
import { KEYCHAIN_INDEX_FILE, storeFile } from "./paths";
import { SecretsUnavailableError, parseStoredValues, type FieldValues, type SecretBackend } from "./secret-backend";
import { errorMessage } from "../core/error-message";

export const KEYCHAIN_SERVICE = "keystroke-local";

// Without a pin, the library silently falls back to the Linux kernel keyring (lost on reboot)
// when there is no Secret Service; the issue wants that case reported, not papered over.
const ENTRY_OPTIONS: EntryOptions = { linux: { store: "secret-service" } };
// A locked keychain can show an unlock prompt and wait forever; fail the request instead. The
// signal alone cannot interrupt a call already running on the native thread pool, so the
// deadline is also raced.
const CALL_TIMEOUT_MS = 10_000;

function withDeadline<T>(op: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const signal = AbortSignal.timeout(CALL_TIMEOUT_MS);
  const expired = new Promise<never>((_, reject) =>
    signal.addEventListener("abort", () => reject(new Error(`no answer within ${CALL_TIMEOUT_MS / 1000} s; is the keychain locked?`)), { once: true }),
  );
  return Promise.race([op(signal), expired]);
}

const KeychainIndex = z.object({ version: z.literal(1), ids: z.array(z.string()) });

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
    private readonly ids: Set<string>,
  ) {}

  static async open(dir: string): Promise<KeychainBackend> {
    let ids: string[] = [];
    try {
      const parsed = KeychainIndex.safeParse(JSON.parse(await readFile(storeFile(dir, KEYCHAIN_INDEX_FILE), "utf8")));
      // An unreadable index only means repair cannot find orphans; it never blocks the store.
      if (parsed.success) ids = parsed.data.ids;
    } catch {
      ids = [];
    }
    return new KeychainBackend(dir, new Set(ids));
  }

  async probe(): Promise<string | null> {
    try {
      await withDeadline((signal) => findCredentialsAsync(KEYCHAIN_SERVICE, null, signal));
      // Listing works on some systems where writing does not (a read-only or locked collection),
      // so touch a throwaway entry too.
      const probe = new AsyncEntry(KEYCHAIN_SERVICE, "probe-keystroke-credentials", ENTRY_OPTIONS);
      await withDeadline((signal) => probe.setPassword("{}", signal));
      await withDeadline((signal) => probe.deleteCredential(signal));
      return null;
    } catch (error) {
      return keychainUnavailableMessage(describeFailure(error));
    }
  }

  async get(id: string): Promise<FieldValues | null> {
    const text = await this.call((signal) => this.entry(id).getPassword(signal));
    return text === null ? null : parseStoredValues(text);
  }

  async set(id: string, values: FieldValues): Promise<void> {
    // Index first: if we crash after the keychain write, repair still knows the id is ours.
    if (!this.ids.has(id)) {
      this.ids.add(id);
      await this.saveIndex();
    }
    await this.call((signal) => this.entry(id).setPassword(JSON.stringify(values), signal));
  }

  async delete(id: string): Promise<void> {
    await this.call((signal) => this.entry(id).deleteCredential(signal));
    if (this.ids.delete(id)) await this.saveIndex();
  }

  async owned(): Promise<string[]> {
    return [...this.ids];
  }

  async readMany(ids: readonly string[]): Promise<Map<string, FieldValues>> {
    const wanted = new Set(ids);
    const found = await this.call((signal) => findCredentialsAsync(KEYCHAIN_SERVICE, null, signal));
    const out = new Map<string, FieldValues>();
    for (const credential of found) {
      if (!wanted.has(credential.account)) continue;
      const values = parseStoredValues(credential.password);
      if (values !== null) out.set(credential.account, values);
    }
    return out;
  }

  private entry(id: string): AsyncEntry {
    return new AsyncEntry(KEYCHAIN_SERVICE, id, ENTRY_OPTIONS);
  }

  private async call<T>(op: (signal: AbortSignal) => Promise<T>): Promise<T> {
    try {
      return await withDeadline(op);
    } catch (error) {
      throw new SecretsUnavailableError(keychainUnavailableMessage(describeFailure(error)));
    }
  }

  private async saveIndex(): Promise<void> {
    await writeFileAtomic(storeFile(this.dir, KEYCHAIN_INDEX_FILE), `${JSON.stringify({ version: 1, ids: [...this.ids] })}\n`);
  }
}
