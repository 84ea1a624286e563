// Picks the secret backend the user asked for. The file backend is never a fallback: only an
// explicit `--secret-backend file` (setting `keystroke.secretBackend`) selects it.
import { FileSecretBackend } from "./file-backend";
import { KeychainBackend } from "./keychain";
import type { SecretBackend, SecretBackendKind } from "./secret-backend";

export async function openSecretBackend(kind: SecretBackendKind, dir: string): Promise<{ ok: true; backend: SecretBackend } | { ok: false; message: string }> {
  if (kind === "file") return FileSecretBackend.open(dir);
  return { ok: true, backend: await KeychainBackend.open(dir) };
}
