// Where a store lives and what its files are called. One store per machine user by default; tests,
// `npm start` and other tools pass their own directory (--store or KEYSTROKE_CREDENTIALS_HOME).
import envPaths from "env-paths";
import path from "node:path";

export const CREDENTIALS_FILE = "credentials.json";
export const SECRETS_FILE = "secrets.json";
export const KEYCHAIN_INDEX_FILE = "keychain-index.json";
export const LOCK_FILE = "devserver.lock";
export const DEVSERVER_FILE = "devserver.json";

/** `$KEYSTROKE_CREDENTIALS_HOME`, else the platform's per-user data directory for the app. */
export function defaultStoreDir(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.KEYSTROKE_CREDENTIALS_HOME;
  if (fromEnv !== undefined && fromEnv.trim() !== "") return path.resolve(fromEnv);
  // suffix "" keeps the folder name free of env-paths' default "-nodejs".
  return envPaths("keystroke-credentials", { suffix: "" }).data;
}

export function storeFile(dir: string, name: string): string {
  return path.join(dir, name);
}
