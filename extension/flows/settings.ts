// The extension's own settings (the "keystroke" section), parsed with zod so a bad value in
// settings.json falls back to its default instead of breaking activation. The language server
// pulls the same section itself (diagnostics, exclude, trace) through workspace/configuration.
import { z } from "zod";

export const ExtensionSettings = z.object({
  cliPath: z.string().trim().catch("").default(""),
  refreshMinutes: z.number().min(0).max(24 * 60).catch(10).default(10),
  devServerPort: z.number().int().min(0).max(65535).catch(0).default(0),
  secretBackend: z.enum(["keychain", "file"]).catch("keychain").default("keychain"),
});
export type ExtensionSettings = z.infer<typeof ExtensionSettings>;

/** `get` reads one key of the "keystroke" section (vscode's WorkspaceConfiguration.get). */
export function readExtensionSettings(get: (key: string) => unknown): ExtensionSettings {
  return ExtensionSettings.parse({
    cliPath: get("cliPath") ?? undefined,
    refreshMinutes: get("cloud.refreshMinutes") ?? undefined,
    devServerPort: get("devServer.port") ?? undefined,
    secretBackend: get("secretBackend") ?? undefined,
  });
}

/** Settings whose change means restarting the embedded dev server. */
export const DEV_SERVER_SETTINGS = ["keystroke.devServer.port", "keystroke.secretBackend"] as const;
