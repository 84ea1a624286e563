// The local credential store: location, metadata file, secret backends, lock, repair, snapshot.
export { defaultStoreDir, CREDENTIALS_FILE, DEVSERVER_FILE, LOCK_FILE, SECRETS_FILE, KEYCHAIN_INDEX_FILE, storeFile } from "./paths";
export { writeFileAtomic } from "./atomic-write";
export { readStoreFile, writeStoreFile, emptyStoreFile } from "./metadata";
export { migrateStoreFile } from "./migrate";
export { acquireStoreLock, isProcessAlive } from "./lock";
export { CredentialStore, ownerProject, type OpenedStore, type StoreListener } from "./store";
export { StorageError, StoreRequestError, type StoreRequestErrorKind } from "./errors";
export { SecretsUnavailableError, type SecretBackend, type SecretBackendKind, type FieldValues } from "./secret-backend";
export { openSecretBackend } from "./open-backend";
export { FILE_BACKEND_WARNING } from "./file-backend";
export { KEYCHAIN_SERVICE } from "./keychain";
export { storeToSnapshot, readLocalStoreSnapshot, type LocalStoreTarget, type SnapshotContext } from "./snapshot";
export { parseDotenv } from "./dotenv";
export type { RepairReport } from "./repair";
