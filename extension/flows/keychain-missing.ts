// What the editor says when this installation has no keychain binary for the platform (a
// universal VSIX, an unsupported platform): once per window, in words, with the two ways on.
// Analysis does not depend on it and keeps running.
import { README_URL } from "../../server/core/findings/catalog";
import type { HealthResponse } from "../../server/core/schema";

export const GET_PLATFORM_BUILD = "Get the Build for My Platform";
export const USE_FILE_BACKEND = "Use the File Backend…";
export const PLATFORM_BUILDS_URL = `${README_URL}#install-the-extension`;
export const FILE_BACKEND_CONFIRMATION =
  "The file backend keeps secret values in a plain JSON file (mode 0600) in the store directory: anyone and anything that can read your files can read them, and backups copy them. Use it only where no OS keychain can be had.";

export interface Notice {
  message: string;
  buttons: string[];
}

/** The notice for this health answer, or null: not this case, or already said in this window. */
export function keychainMissingNotice(health: HealthResponse, alreadyShown: boolean): Notice | null {
  if (alreadyShown || health.keychainModuleMissing !== true || health.secretBackend !== "keychain") return null;
  return {
    message: `Keystroke: this installation has no OS keychain module for your platform, so local credential values cannot be stored or read (the analysis still runs). Install the extension built for your platform, or use the file backend.`,
    buttons: [GET_PLATFORM_BUILD, USE_FILE_BACKEND],
  };
}
