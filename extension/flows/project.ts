// Whether a folder is a Keystroke project, decided from text the caller already read: activation
// events cannot look inside package.json, so the extension activates on any root package.json and
// uses this to bail out cheaply when the dependency is absent.

export const KEYSTROKE_PACKAGE = "@keystrokehq/keystroke";
export const CONFIG_FILE = "keystroke.config.ts";

const DEPENDENCY_FIELDS = ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"] as const;

/** True when the package.json text declares @keystrokehq/keystroke in any dependency field. */
export function dependsOnKeystroke(packageJsonText: string): boolean {
  let json: unknown;
  try {
    json = JSON.parse(packageJsonText);
  } catch {
    return false;
  }
  if (typeof json !== "object" || json === null) return false;
  return DEPENDENCY_FIELDS.some((field) => {
    const deps = (json as Record<string, unknown>)[field];
    return typeof deps === "object" && deps !== null && KEYSTROKE_PACKAGE in deps;
  });
}
