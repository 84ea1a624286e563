// Findings about code that deploys. KS030: an environment variable read there; deploying uploads
// neither `.env` files nor the environment, so such a read works under `keystroke dev` and is
// undefined in the cloud. KS031: a secret pasted into it, which ships (and leaks with the
// repository). What deploys: the modules that define a confirmed Keystroke primitive (action, agent, workflow,
// trigger) and every module they load, transitively. Never scanned: keystroke.config.ts, tests and
// scripts/, modules marked `// @keystroke ignore:deploy` (the mark covers that module only), and
// anything outside the root. Only literal names count; the names below are not secrets.
import type { Finding } from "../schema";
import { makeFinding, messages } from "../findings/catalog";
import { suggestFromSecret, suggestFromVariable } from "../findings/credential-suggestion";
import { CONFIG_FILE } from "../keystroke-manifest";
import type { EnvRead, FileFacts, SecretLiteral, Span } from "./facts";
import { isOutsideRoot } from "./paths";

/** Runtime and tooling variables that configure a process rather than hold a secret (README, KS030). */
export const NOT_SECRET_ENV: readonly string[] = [
  "NODE_ENV", "TZ", "LANG", "LC_ALL", "HOME", "PATH", "PWD", "USER", "TMPDIR", "SHELL", "TERM",
  "CI", "DEBUG", "LOG_LEVEL", "PORT", "HOST", "HOSTNAME", "NODE_OPTIONS", "NODE_DEBUG",
  "npm_package_name", "npm_package_version",
];

export interface EnvironmentOptions {
  /** More names that are not secrets (setting keystroke.allowedEnv, `check --allow-env`). */
  allowed?: readonly string[];
  /** Variable name → the project's .env files that define it (names only, never values). */
  envFiles?: ReadonlyMap<string, readonly string[]>;
}

/** Test files, test folders and the root's scripts/ never deploy. */
export function neverDeployed(file: string): boolean {
  if (file === CONFIG_FILE || isOutsideRoot(file) || file.startsWith("scripts/")) return true;
  const segments = file.split("/");
  const name = segments[segments.length - 1]!;
  return /\.(test|spec)\.[cm]?[jt]sx?$/.test(name) || segments.slice(0, -1).some((s) => s === "test" || s === "tests" || s === "__tests__");
}

export interface DeployGraph {
  files: readonly string[];
  facts(file: string): FileFacts | undefined;
  /** Defines a confirmed Keystroke primitive. */
  primitive(file: string): boolean;
  resolve(from: string, specifier: string): string | null;
  /** The file's secret literals (scanned on first need: only deployed files with a hint are). */
  secrets(file: string): readonly SecretLiteral[];
  rangeOf(file: string, span: Span): Finding["range"];
}

/**
 * KS030 and KS031 findings by file, and the files that have some (so the caller can tell which
 * files changed status). Walks the load graph only when some file may have one.
 */
export function deployedCodeFindings(graph: DeployGraph, options: EnvironmentOptions): { findings: Map<string, Finding[]>; reported: Set<string> } {
  const findings = new Map<string, Finding[]>();
  const reported = new Set<string>();
  const candidates = graph.files.filter((f) => {
    const facts = graph.facts(f);
    return facts !== undefined && (facts.envReads.length > 0 || facts.secretHint) && !facts.ignoreDeploy && !facts.ignore && !neverDeployed(f);
  });
  if (candidates.length === 0) return { findings, reported };
  const deployed = deployedFiles(graph);
  const allowed = new Set([...NOT_SECRET_ENV, ...(options.allowed ?? [])]);
  for (const file of candidates) {
    if (!deployed.has(file)) continue;
    const facts = graph.facts(file)!;
    const list = [
      ...facts.envReads.filter((r) => !allowed.has(r.name)).map((r) => envFinding(graph, file, r, options.envFiles?.get(r.name) ?? [])),
      ...(facts.secretHint ? graph.secrets(file).map((s) => secretFinding(graph, file, s)) : []),
    ];
    if (list.length === 0) continue;
    findings.set(file, list);
    reported.add(file);
  }
  return { findings, reported };
}

function envFinding(graph: DeployGraph, file: string, read: EnvRead, envFiles: readonly string[]): Finding {
  return makeFinding("KS030", file, graph.rangeOf(file, read.span), messages.KS030(read.shape, read.name, envFiles), { data: { envName: read.name, move: suggestFromVariable(read.name) } });
}

function secretFinding(graph: DeployGraph, file: string, secret: SecretLiteral): Finding {
  const finding = makeFinding("KS031", file, graph.rangeOf(file, secret.span), messages.KS031(secret.provider, secret.masked, secret.kind === "entropy"), {
    data: { move: suggestFromSecret(secret.provider) },
  });
  // A provider's format says what the value is; a random-looking value under a secret's name is a guess.
  if (secret.kind === "entropy") finding.severity = "warning";
  return finding;
}

function deployedFiles(graph: DeployGraph): Set<string> {
  const deployed = new Set<string>();
  const queue = graph.files.filter((f) => graph.primitive(f));
  for (const f of queue) deployed.add(f);
  while (queue.length > 0) {
    const file = queue.pop()!;
    for (const specifier of graph.facts(file)?.loads ?? []) {
      const target = graph.resolve(file, specifier);
      if (target === null || deployed.has(target)) continue;
      deployed.add(target);
      queue.push(target);
    }
  }
  return deployed;
}
