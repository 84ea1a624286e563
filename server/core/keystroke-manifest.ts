// What marks a Keystroke project: its config file, or a package.json that declares Keystroke: the one rule the extension (activation) and `check`
// (refusing a root that is not a Keystroke project) share. Pure: callers read the text.

export const KEYSTROKE_PACKAGE = "@keystrokehq/keystroke";
/** The project's config file, at its root. */
export const CONFIG_FILE = "keystroke.config.ts";

const DEPENDENCY_FIELDS = ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"] as const;

/** Whether the text declares @keystrokehq/keystroke in any dependency field; `error` when it is not JSON. */
export function readKeystrokeDependency(packageJsonText: string): { depends: boolean; error?: string } {
  let json: unknown;
  try {
    json = JSON.parse(packageJsonText);
  } catch (error) {
    return { depends: false, error: (error as Error).message };
  }
  if (typeof json !== "object" || json === null) return { depends: false };
  const depends = DEPENDENCY_FIELDS.some((field) => {
    const deps = (json as Record<string, unknown>)[field];
    return typeof deps === "object" && deps !== null && KEYSTROKE_PACKAGE in deps;
  });
  return { depends };
}
