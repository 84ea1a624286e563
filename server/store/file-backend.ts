// The opt-in plain-file secret backend (`--secret-backend file`): values in secrets.json, mode
// 0600, written atomically. Only as safe as the user's account and disk; never chosen silently.
import { z } from "zod";
import { StoredFieldName } from "../core/schema";
import { writeFileAtomic } from "./atomic-write";
import { readStoredJson } from "./json-file";
import { SECRETS_FILE, storeFile } from "./paths";
import { SecretLabel, sameLabel, type FieldValues, type SecretBackend } from "./secret-backend";

export const FILE_BACKEND_WARNING =
  "WARNING: secret values are stored UNENCRYPTED in a plain file (secrets.json, mode 0600) because " +
  "--secret-backend file was chosen. Anyone who can read your files or backups can read them. " +
  "Use the OS keychain (the default) wherever one is available.";

// `labels` came later: an additive field, so older versions still read the file.
const SecretsFile = z.object({
  version: z.literal(1),
  secrets: z.record(z.string(), z.record(StoredFieldName, z.string())),
  labels: z.record(z.string(), SecretLabel).optional(),
});

export class FileSecretBackend implements SecretBackend {
  readonly kind = "file" as const;
  readonly notice = null;

  private constructor(
    private readonly file: string,
    private secrets: Map<string, FieldValues>,
    private labels: Map<string, SecretLabel>,
  ) {}

  /** Refuses an unreadable secrets file rather than starting empty and overwriting it. */
  static async open(dir: string): Promise<{ ok: true; backend: FileSecretBackend } | { ok: false; message: string }> {
    const file = storeFile(dir, SECRETS_FILE);
    const read = await readStoredJson(file);
    if (!read.ok) return read;
    if (!read.exists) return { ok: true, backend: new FileSecretBackend(file, new Map(), new Map()) };
    const parsed = SecretsFile.safeParse(read.json);
    if (!parsed.success) return { ok: false, message: `${file} is not a secrets file this version understands; it was left untouched.` };
    return { ok: true, backend: new FileSecretBackend(file, new Map(Object.entries(parsed.data.secrets)), new Map(Object.entries(parsed.data.labels ?? {}))) };
  }

  async probe(): Promise<string | null> {
    return null;
  }

  async get(id: string): Promise<FieldValues | null> {
    return this.secrets.get(id) ?? null;
  }

  async set(id: string, values: FieldValues, label: SecretLabel): Promise<void> {
    await this.replace(new Map(this.secrets).set(id, values), new Map(this.labels).set(id, label));
  }

  async relabel(labels: ReadonlyMap<string, SecretLabel>): Promise<void> {
    const changed = [...labels].filter(([id, label]) => this.secrets.has(id) && !sameLabel(this.labels.get(id), label));
    if (changed.length === 0) return;
    await this.replace(this.secrets, new Map([...this.labels, ...changed]));
  }

  async delete(id: string): Promise<void> {
    if (!this.secrets.has(id)) return;
    const next = new Map(this.secrets);
    next.delete(id);
    const labels = new Map(this.labels);
    labels.delete(id);
    await this.replace(next, labels);
  }

  async owned(): Promise<Map<string, SecretLabel | null>> {
    return new Map([...this.secrets.keys()].map((id) => [id, this.labels.get(id) ?? null]));
  }

  async readMany(ids: readonly string[]): Promise<Map<string, FieldValues>> {
    return new Map(ids.flatMap((id) => (this.secrets.has(id) ? [[id, this.secrets.get(id)!] as const] : [])));
  }

  /** Memory changes only after the file is written, so a failed write leaves both as they were. */
  private async replace(next: Map<string, FieldValues>, labels: Map<string, SecretLabel>): Promise<void> {
    await writeFileAtomic(this.file, `${JSON.stringify({ version: 1, secrets: Object.fromEntries(next), labels: Object.fromEntries(labels) })}\n`);
    this.secrets = next;
    this.labels = labels;
  }
}
