// Which calls are Keystroke's own primitives. A call counts only when its callee traces to an
// import from `@keystrokehq/keystroke` (or a subpath): a project's own `defineAction`, another
// framework's, or a global of that name is not ours and yields nothing. The names below are the
// platform's documented ones (see the README's Assumptions); they live here and nowhere else.
import type { ImportBinding } from "./facts";

export const KEYSTROKE_PACKAGE = "@keystrokehq/keystroke";
/** Calls that declare an action-like unit carrying a `credentials` array. */
export const ACTION_CALLS: ReadonlySet<string> = new Set(["defineAction", "defineApp", "defineMcp"]);
/** Hosts that run actions but carry no credentials of their own (KS012 when they do). */
export const HOST_CALLS: ReadonlySet<string> = new Set(["defineAgent", "defineWorkflow"]);
/**
 * Trigger sources: `definePollSource`, `defineWebhookSource`, `defineCronSource`, and any other
 * `define...` the trigger entry exports (schedule sources and later kinds), so a trigger's
 * catalog calls are attributed to it.
 */
const TRIGGER_ENTRY = `${KEYSTROKE_PACKAGE}/trigger`;
const TRIGGER_CALL = /^define[A-Z]\w*(?:Source|Trigger)$/;

/** The exports that define credentials: `defineCredential(...)` and the `credential` helper's `.static/.oauth(...)`. */
export const DEFINITION_CALLEES: ReadonlySet<string> = new Set(["defineCredential", "credential"]);

export type PrimitiveRole = "action" | "host" | "trigger";

export function isKeystrokeSpecifier(specifier: string): boolean {
  return specifier === KEYSTROKE_PACKAGE || specifier.startsWith(`${KEYSTROKE_PACKAGE}/`);
}

/** `@keystrokehq/<anything>`: Keystroke's package or a catalog app package. */
export function isKeystrokeScopePackage(specifier: string): boolean {
  return specifier.startsWith("@keystrokehq/");
}

/** The role of an exported name of a Keystroke entry point, or null when it is not a primitive. */
export function primitiveRole(imported: string, specifier: string): PrimitiveRole | null {
  if (ACTION_CALLS.has(imported)) return "action";
  if (HOST_CALLS.has(imported)) return "host";
  if (TRIGGER_CALL.test(imported) && (specifier === TRIGGER_ENTRY || specifier === KEYSTROKE_PACKAGE)) return "trigger";
  return null;
}

/** Whether a name could be a primitive re-exported by a project module (checked when linking). */
export function mayBePrimitiveName(name: string): boolean {
  return ACTION_CALLS.has(name) || HOST_CALLS.has(name) || TRIGGER_CALL.test(name);
}

/** How an import binding makes a call a primitive: directly, or through a project module to confirm. */
export function primitiveFromImport(binding: ImportBinding, member: string | null): { role: PrimitiveRole; name: string; confirmed: boolean } | null {
  const name = member ?? binding.imported;
  if (member !== null && binding.imported !== "*") return null;
  if (member === null && (binding.imported === "*" || binding.imported === "default")) return null;
  if (isKeystrokeSpecifier(binding.specifier)) {
    const role = primitiveRole(name, binding.specifier);
    return role ? { role, name, confirmed: true } : null;
  }
  // A project module may re-export Keystroke's primitive; the linker confirms it (or drops the call).
  if (isKeystrokeScopePackage(binding.specifier) || !mayBePrimitiveName(name)) return null;
  const role = primitiveRole(name, TRIGGER_ENTRY);
  return role ? { role, name, confirmed: false } : null;
}
