// The client-facing configuration of the language server: the "keystroke" settings section
// (pulled through workspace/configuration) and the initializationOptions. Parsed with zod so a
// malformed settings.json degrades to defaults with a log line instead of a crash.
import { z } from "zod";
import { describeZodError, type Severity, type Target } from "../core/schema";

/** "default": the catalog's severity for each code, so the editor shows exactly what `check` reports. */
const DiagnosticLevel = z.enum(["default", "off", "hint", "warning", "error"]);

/** Each property falls back on its own default, so one bad value does not reset the rest. */
export const Settings = z.object({
  diagnostics: z
    .object({
      local: DiagnosticLevel.catch("default").default("default"),
      cloud: DiagnosticLevel.catch("default").default("default"),
    })
    .catch({ local: "default", cloud: "default" })
    .default({ local: "default", cloud: "default" }),
  exclude: z.array(z.string()).catch([]).default([]),
  /** Environment variables that are not secrets: no KS030 for them. */
  allowedEnv: z.array(z.string()).catch([]).default([]),
  trace: z
    .object({ server: z.enum(["off", "messages", "verbose"]).catch("off").default("off") })
    .catch({ server: "off" })
    .default({ server: "off" }),
  devServer: z
    .object({ storeDir: z.string().min(1).optional().catch(undefined) })
    .catch({})
    .default({}),
});
export type Settings = z.infer<typeof Settings>;

export const InitializationOptions = z
  .object({
    /** Where devserver.json lives; overrides server/store's defaultStoreDir(). */
    storeDir: z.string().min(1).optional(),
    /** Settings for clients that cannot answer workspace/configuration. */
    settings: z.unknown().optional(),
  })
  .catch({});
export type InitializationOptions = z.infer<typeof InitializationOptions>;

export const DEFAULT_SETTINGS: Settings = Settings.parse({});

/** Parses the "keystroke" section; returns the problem alongside so the server can log it. */
export function parseSettings(raw: unknown): { settings: Settings; problem?: string } {
  const result = Settings.safeParse(raw ?? {});
  if (result.success) return { settings: result.data };
  return { settings: DEFAULT_SETTINGS, problem: describeZodError(result.error) };
}

/**
 * The severity a resolution finding gets for its target: the catalog's (`default`), the one the
 * user chose, or null when the user turned that target's diagnostics off. Authoring findings keep
 * the catalog's severity.
 */
export function resolutionSeverity(settings: Settings, target: Target, catalog: Severity): Severity | null {
  const level = settings.diagnostics[target];
  return level === "off" ? null : level === "default" ? catalog : level;
}
