// Where a typed secret value ended up: in the OS keychain (read back with secret-tool, the
// Secret Service's own client) and in none of the files of the store, the workspace or the
// editor's profile (settings, state, logs).
import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { StoreFile } from "../../../server/core/schema";
import { KEYCHAIN_SERVICE } from "../../../server/store/keychain";
import { CREDENTIALS_FILE, storeFile } from "../../../server/store/paths";

function secretTool(args: string[]): { stdout: string; stderr: string } {
  const run = spawnSync("secret-tool", args, { encoding: "utf8" });
  if (run.error) throw run.error;
  return { stdout: run.stdout, stderr: run.stderr };
}

/** The store's entry ids for `key` (credentials.json holds metadata only). */
export function storedIds(store: string, key: string): string[] {
  const file = StoreFile.parse(JSON.parse(readFileSync(storeFile(store, CREDENTIALS_FILE), "utf8")));
  return file.entries.filter((e) => e.key === key).map((e) => e.id);
}

// The keyring library files an entry's account (our entry id) under the attribute "username".
const ACCOUNT_ATTRIBUTE = "username";

/** Accounts `secret-tool search` lists under the store's keychain service. */
export function keychainAccounts(): string[] {
  // secret-tool prints the secrets on stdout and the attributes on stderr.
  const { stderr } = secretTool(["search", "--all", "service", KEYCHAIN_SERVICE]);
  return [...stderr.matchAll(new RegExp(`^attribute\\.${ACCOUNT_ATTRIBUTE} = (.+)$`, "gm"))].map((m) => m[1]!.trim());
}

/** The keychain item's secret for one entry id, or null when there is none. */
export function keychainSecret(account: string): string | null {
  const { stdout } = secretTool(["lookup", "service", KEYCHAIN_SERVICE, ACCOUNT_ATTRIBUTE, account]);
  return stdout === "" ? null : stdout;
}

/** Every regular file under `dirs` whose bytes contain `value` (sockets and the like skipped). */
export function filesContaining(dirs: string[], value: string): string[] {
  const needle = Buffer.from(value, "utf8");
  const hits: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && statSync(full).size < 50 * 1024 * 1024 && readFileSync(full).includes(needle)) hits.push(full);
    }
  };
  for (const dir of dirs) walk(dir);
  return hits;
}
