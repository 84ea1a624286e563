// The opt-in plain-file secret backend (`--secret-backend file`): values in secrets.json, mode
// 0600, written atomically. Only as safe as the user's account and disk; never chosen silently.
import { z } from "zod";
import { FieldName } from "../core/schema";
import { writeFileAtomic } from "./atomic-write";
import { readStoredJson } from "./json-file";
import { SECRETS_FILE, storeFile } from "./paths";
import type { FieldValues, SecretBackend } from "./secret-backend";

export const FILE_BACKEND_WARNING =
  "WARNING: secret values are stored UNENCRYPTED in a plain file (secrets.json, mode 0600) because " +
  "--secret-backend file was chosen. Anyone who can read your files or backups can read them. " +
  "Use the OS keychain (the default) wherever one is available.";

const SecretsFile = z.object({ version: z.literal(1), secrets: z.record(z.string(), z.record(FieldName, z.string())) });

export class FileSecretBackend implements SecretBackend {
  readonly kind = "file" as const;

  private constructor(
    private readonly file: string,
    private secrets: Map<string, FieldValues>,
  ) {}

  /** Refuses an unreadable secrets file rather than starting empty and overwriting it. */
  static async open(dir: string): Promise<{ ok: true; backend: FileSecretBackend } | { ok: false; message: string }> {
    const file = storeFile(dir, SECRETS_FILE);
    const read = await readStoredJson(file);
    if (!read.ok) return read;
    if (!read.exists) return { ok: true, backend: new FileSecretBackend(file, new Map()) };
    const parsed = SecretsFile.safeParse(read.json);
    if (!parsed.success) return { ok: false, message: `${file} is not a secrets file this version understands; it was left untouched.` };
    return { ok: true, backend: new FileSecretBackend(file, new Map(Object.entries(parsed.data.secrets))) };
  }

  async probe(): Promise<string | null> {
    return null;
  }

  async get(id: string): Promise<FieldValues | null> {
    return this.secrets.get(id) ?? null;
  }

  async set(id: string, values: FieldValues): Promise<void> {
    await this.replace(new Map(this.secrets).set(id, values));
  }

  async delete(id: string): Promise<void> {
    if (!this.secrets.has(id)) return;
    const next = new Map(this.secrets);
    next.delete(id);
    await this.replace(next);
  }

  async owned(): Promise<string[]> {
    return [...this.secrets.keys()];
  }

  async readMany(ids: readonly string[]): Promise<Map<string, FieldValues>> {
    return new Map(ids.flatMap((id) => (this.secrets.has(id) ? [[id, this.secrets.get(id)!] as const] : [])));
  }

  /** Memory changes only after the file is written, so a failed write leaves both as they were. */
  private async replace(next: Map<string, FieldValues>): Promise<void> {
    await writeFileAtomic(this.file, `${JSON.stringify({ version: 1, secrets: Object.fromEntries(next) })}\n`);
    this.secrets = next;
  }
}
