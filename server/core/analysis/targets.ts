// Resolves every requirement of a project model against the local and cloud snapshots, with the
// one implementation of the platform's order (../resolution), and turns failures into findings.
import type { ActionCaller, Finding, FindingCode, FindingData, Range, RequirementStatus, Scope, Snapshot, Target, TargetResolution } from "../schema";
import { TARGETS } from "../schema";
import { resolveRequirement, missingFields, type ResolutionOutcome } from "../resolution";
import { fixScope, makeFinding, messages, type ResolutionSubject } from "../findings/catalog";
import { contains } from "../ranges";
import type { ActionCall, ProjectModel, Requirement } from "./model";

/** A target is checked against a snapshot, or unchecked with the reason (shown to the user). */
export type TargetInput = { snapshot: Snapshot } | { unchecked: string };
export type TargetInputs = { local: TargetInput; cloud: TargetInput };

interface Evaluation {
  resolution: TargetResolution;
  finding: Finding | null;
}

/**
 * Authoring findings plus every requirement's resolution findings, ordered by file then position.
 * Both inputs arrive in file order (the model is built file by file), so findings are merged per
 * file and only each file's few findings are sorted: re-running this after a one-file edit stays
 * cheap, and unchanged requirements reuse their memoized evaluation.
 */
export function computeFindings(model: ProjectModel, targets: TargetInputs, options: { files?: Iterable<string> } = {}): Finding[] {
  const resolver = new TargetResolver(model, targets);
  const out: Finding[] = [];
  // `files` limits the work to the files an edit affected (ProjectIndex.dependents).
  const only = options.files ? new Set(options.files) : null;
  const authoring = only ? model.authoringFindings.filter((f) => only.has(f.file)) : model.authoringFindings;
  const requirements = only ? model.requirements.filter((r) => only.has(r.file)) : model.requirements;
  let a = 0;
  let r = 0;
  while (a < authoring.length || r < requirements.length) {
    const file = nextFile(authoring[a]?.file, requirements[r]?.file);
    const start = out.length;
    while (a < authoring.length && authoring[a]!.file === file) out.push(authoring[a++]!);
    const fromAuthoring = out.length - start;
    while (r < requirements.length && requirements[r]!.file === file) {
      const requirement = requirements[r++]!;
      for (const target of TARGETS) {
        const { finding } = resolver.evaluate(requirement, target);
        if (finding) out.push(finding);
      }
    }
    if (out.length - start > 1 && out.length - start > fromAuthoring) {
      const sorted = out.slice(start).sort(compareFindings);
      for (let i = 0; i < sorted.length; i++) out[start + i] = sorted[i]!;
    }
  }
  return out;
}

function nextFile(a: string | undefined, b: string | undefined): string {
  if (a === undefined) return b!;
  if (b === undefined) return a;
  return a < b ? a : b;
}

/**
 * Evaluations memoized by identity: snapshot → target+project → requirement. Snapshots and
 * requirements are never mutated, and the index reuses a file's requirement objects until that
 * file (or one it reads) changes, so only re-linked requirements are evaluated again.
 */
const memo = new WeakMap<Snapshot, Map<string, WeakMap<Requirement, Evaluation>>>();

function memoFor(snapshot: Snapshot, target: Target, project: string | undefined): WeakMap<Requirement, Evaluation> {
  let bySnapshot = memo.get(snapshot);
  if (!bySnapshot) {
    bySnapshot = new Map();
    memo.set(snapshot, bySnapshot);
  }
  const key = `${target}\u0000${project ?? ""}`;
  let byRequirement = bySnapshot.get(key);
  if (!byRequirement) {
    byRequirement = new WeakMap();
    bySnapshot.set(key, byRequirement);
  }
  return byRequirement;
}

export function requirementStatuses(model: ProjectModel, targets: TargetInputs): RequirementStatus[] {
  const resolver = new TargetResolver(model, targets);
  const callers = callersByAction(model.calls);
  return model.requirements.map((r) => ({
    key: r.key,
    kind: r.kind,
    file: r.file,
    range: r.range,
    pin: r.pin,
    action: { name: r.action.name, file: r.action.file, range: r.action.range, callers: callers.get(actionId(r.action)) ?? [] },
    fields: r.definition?.fields ?? [],
    definition: r.definition ? { file: r.definition.file, range: r.definition.keyRange } : null,
    catalog: r.catalog,
    targets: { local: resolver.evaluate(r, "local").resolution, cloud: resolver.evaluate(r, "cloud").resolution },
  }));
}

function actionId(action: { file: string; range: Range }): string {
  return `${action.file}:${action.range.start.line}:${action.range.start.character}`;
}

function callersByAction(calls: readonly ActionCall[]): Map<string, ActionCaller[]> {
  const byAction = new Map<string, ActionCaller[]>();
  for (const c of calls) {
    const id = actionId(c.action);
    const list = byAction.get(id) ?? [];
    list.push({ ...c.caller, how: c.how });
    byAction.set(id, list);
  }
  return byAction;
}

/**
 * Orders findings by file, position, code, then target, all in plain string order (not
 * localeCompare: its first call loads ICU's collation data, a cost every fresh CLI run would pay).
 */
export function compareFindings(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return (
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    plainOrder(a.code, b.code) ||
    plainOrder(a.target ?? "", b.target ?? "")
  );
}

function plainOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

class TargetResolver {
  /** Outcomes depend only on key and pin per target, and many actions share a credential. */
  private readonly outcomes = new Map<string, ResolutionOutcome>();
  private readonly memos: Record<Target, WeakMap<Requirement, Evaluation> | null>;
  /** How many actions take elements from each shared list (for fixes that would edit it). */
  private listUsers: Map<string, Set<string>> | null = null;

  constructor(
    private readonly model: ProjectModel,
    private readonly targets: TargetInputs,
  ) {
    const memoOf = (target: Target) => {
      const input = targets[target];
      return "snapshot" in input ? memoFor(input.snapshot, target, model.context.project) : null;
    };
    this.memos = { local: memoOf("local"), cloud: memoOf("cloud") };
  }

  evaluate(r: Requirement, target: Target): Evaluation {
    const input = this.targets[target];
    const cache = this.memos[target];
    if ("unchecked" in input || !cache) return { resolution: { status: "unchecked", reason: "unchecked" in input ? input.unchecked : "" }, finding: null };
    let evaluation = cache.get(r);
    if (!evaluation) {
      evaluation = this.evaluateAgainst(r, target, input.snapshot);
      cache.set(r, evaluation);
    }
    return evaluation;
  }

  private evaluateAgainst(r: Requirement, target: Target, snapshot: Snapshot): Evaluation {
    if (r.pinState === "invalid") return skipped("its .scope(...) literal is not a scope (KS010)");
    if (r.pinState === "dynamic") return skipped("its .scope(...) argument is not a string literal (KS011)");
    if (target === "cloud" && r.ignoreDeploy) return skipped("the file is marked // @keystroke ignore:deploy");

    const memoKey = `${target}\u0000${r.key}\u0000${r.pin ?? ""}`;
    let outcome = this.outcomes.get(memoKey);
    if (!outcome) {
      outcome = resolveRequirement(r.key, r.pin, snapshot, { project: this.model.context.project });
      this.outcomes.set(memoKey, outcome);
    }
    const required = (r.definition?.fields ?? []).filter((f) => f.required).map((f) => f.name);
    const project = this.model.context.project ?? snapshot.project;
    const subject: ResolutionSubject = { target, key: r.key, pin: r.pin, kind: r.kind, fields: required, project };
    // One row to the definition, unless it is written inside the flagged element itself.
    const inline = r.definition !== null && r.definition.file === r.file && contains(r.range, r.definition.keyRange.start);
    const related = r.definition && !inline ? [{ file: r.definition.file, range: r.definition.keyRange, message: `definition of "${r.key}"` }] : [];
    if (r.origin) related.unshift({ file: r.origin.file, range: r.origin.range, message: "the element, in the shared list" });
    const shared = this.sharedList(r);

    if (!outcome.ok) {
      const code: FindingCode = r.catalog && outcome.code !== "KS005" ? "KS020" : outcome.code;
      const message = this.failureMessage(code, outcome, subject, r);
      const data: FindingData = { existsAt: outcome.existsAt, ...shared };
      if (code !== "KS005") {
        const scope = code === "KS003" && r.pin ? r.pin : fixScope(r.pin, project);
        data.fix = withProject({ key: r.key, scope, fields: required }, scope, project);
      }
      return {
        resolution: { status: "missing", code, message, existsAt: outcome.existsAt },
        finding: makeFinding(code, r.file, r.range, message, { credential: r.key, target, related, data }),
      };
    }

    const entry = outcome.entry;
    const lacking = r.definition?.kind === "api_key" ? missingFields(entry, required) : [];
    const resolution: TargetResolution = { status: "resolved", scope: outcome.scope, isDefault: entry.default === true, missingFields: lacking };
    if (entry.name !== undefined) resolution.entryName = entry.name;
    if (entry.id !== undefined) resolution.entryId = entry.id;
    if (lacking.length === 0) return { resolution, finding: null };
    const chosen = entry.name ? `"${entry.name}" (${outcome.scope} scope)` : `the ${outcome.scope} credential`;
    const fix = withProject({ key: r.key, scope: outcome.scope, fields: lacking }, outcome.scope, entry.project ?? project);
    return {
      resolution,
      finding: makeFinding("KS004", r.file, r.range, messages.KS004(subject, chosen, lacking), {
        credential: r.key,
        target,
        related,
        data: { missingFields: lacking, fix, ...shared },
      }),
    };
  }

  private sharedList(r: Requirement): Pick<FindingData, "sharedList"> {
    if (!r.origin) return {};
    if (!this.listUsers) {
      this.listUsers = new Map();
      for (const q of this.model.requirements) {
        if (!q.origin) continue;
        const users = this.listUsers.get(q.origin.list) ?? new Set();
        users.add(`${q.action.file}\u0000${q.action.name}\u0000${q.action.range.start.line}`);
        this.listUsers.set(q.origin.list, users);
      }
    }
    return { sharedList: { file: r.origin.file, actions: this.listUsers.get(r.origin.list)?.size ?? 1 } };
  }

  private failureMessage(code: FindingCode, outcome: ResolutionOutcome & { ok: false }, s: ResolutionSubject, r: Requirement): string {
    switch (code) {
      case "KS020":
        return messages.KS020({ ...s, host: { role: r.action.role, name: r.action.name } }, r.catalog ? catalogSpecifier(r) : r.key, outcome.code as "KS001" | "KS002" | "KS003");
      case "KS002":
        return messages.KS002(s);
      case "KS003":
        return messages.KS003({ ...s, pin: r.pin ?? "organization" }, outcome.existsAt);
      case "KS005": {
        const scope = outcome.tied[0]?.scope ?? "project";
        return messages.KS005(s, scope, outcome.tied.map((e) => (e.name ? `"${e.name}"` : (e.id ?? "unnamed"))));
      }
      default:
        return messages.KS001(s);
    }
  }
}

function skipped(reason: string): Evaluation {
  return { resolution: { status: "skipped", reason }, finding: null };
}

function withProject(fix: { key: string; scope: Scope; fields: string[] }, scope: Scope, project: string | undefined) {
  return scope === "project" && project !== undefined ? { ...fix, project } : fix;
}

/** The catalog requirement's key is its app slug; the specifier it came from is `@keystrokehq/<app>/actions`. */
function catalogSpecifier(r: Requirement): string {
  return `@keystrokehq/${r.key}/actions`;
}
