// Whether a folder is a Keystroke project, decided from text the caller already read: activation
// events cannot look inside package.json, so the extension activates on any root package.json and
// uses this to bail out cheaply when the dependency is absent.
import { readKeystrokeDependency } from "../../server/core/keystroke-manifest";

export { CONFIG_FILE } from "../../server/core/keystroke-manifest";

/** True when the package.json text declares @keystrokehq/keystroke in any dependency field. */
export function dependsOnKeystroke(packageJsonText: string): boolean {
  return readKeystrokeDependency(packageJsonText).depends;
}
