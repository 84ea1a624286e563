// "Deploy that knows": before `keystroke deploy`, what the cloud check says about the code that
// will be deployed. Files marked `// @keystroke ignore:deploy` are not resolved against the cloud
// (their cloud status is "skipped"), so they never stop a deploy. Error-severity cloud findings
// stop it until the person resolves them or deploys anyway; warnings are listed only; a cloud
// that could not be checked is said as such, never as "clear".
import type { RequirementStatus } from "../../server/core/schema";

/** An editor diagnostic about what ships (KS030/KS031), as the deploy check reads it. */
export interface ShippedFinding {
  code: string;
  severity: "error" | "warning";
  message: string;
  file: string;
}

/**
 * Whether a root-relative file is part of a deploy with `--filter <module path>` (exact module
 * paths under src/, such as `agents/support`): the module itself, or a file under it when it is a
 * folder. No filter: every file.
 */
export function inDeploy(file: string, filter: string | undefined): boolean {
  if (filter === undefined) return true;
  const module = file.replace(/^src\//, "").replace(/\.[cm]?[jt]sx?$/, "");
  return module === filter || module.startsWith(`${filter}/`);
}

/** Codes whose cloud finding means the deployed action fails at run time. */
export const BLOCKING_CLOUD_CODES = new Set(["KS001", "KS002", "KS003", "KS004"]);

export type DeployVerdict =
  | { kind: "clear"; warnings: string[] }
  | { kind: "unchecked"; reason: string; warnings: string[] }
  | { kind: "blocked"; keys: string[]; count: number; warnings: string[] };

/**
 * `findings` are the editor's other Keystroke diagnostics that concern what ships (KS030/KS031):
 * an error among them blocks like a missing credential does.
 */
export function deployVerdict(allRequirements: readonly RequirementStatus[], allFindings: readonly ShippedFinding[], filter?: string): DeployVerdict {
  const findings = allFindings.filter((f) => inDeploy(f.file, filter));
  const warnings = findings.filter((f) => f.severity === "warning").map((f) => `${f.code} ${f.file}: ${f.message}`);
  const deployed = allRequirements.filter((r) => r.targets.cloud.status !== "skipped" && inDeploy(r.file, filter));
  const unchecked = deployed.find((r) => r.targets.cloud.status === "unchecked");
  const blocking = deployed.filter((r) => r.targets.cloud.status === "missing" && BLOCKING_CLOUD_CODES.has(r.targets.cloud.code));
  const secretErrors = findings.filter((f) => f.severity === "error");
  if (blocking.length > 0 || secretErrors.length > 0) {
    const keys = [...new Set([...blocking.map((r) => r.key), ...secretErrors.map((f) => `${f.code} in ${f.file}`)])];
    return { kind: "blocked", keys, count: blocking.length + secretErrors.length, warnings };
  }
  if (unchecked !== undefined && unchecked.targets.cloud.status === "unchecked") return { kind: "unchecked", reason: unchecked.targets.cloud.reason, warnings };
  return { kind: "clear", warnings };
}
