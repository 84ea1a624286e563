// The latest analysis result of one project against the current targets: its model, its findings
// grouped by file, per-target missing counts, and (computed only when a hover, lens or the sidebar
// asks) requirement statuses. After an edit only the files the edit can affect are re-resolved;
// every other file keeps its findings, which keeps a keystroke cheap on a 2,000-action project.
import { computeFindings, requirementStatuses, type ProjectModel, type TargetInputs } from "../core/analysis";
import { capFindings } from "../core/findings/cap";
import type { Finding, RequirementStatus, Target } from "../core/schema";
import type { Project } from "./projects";

type Missing = Record<Target, number>;

export class ProjectAnalysis {
  private statuses: RequirementStatus[] | null = null;
  private readonly fileStatuses = new Map<string, RequirementStatus[]>();

  private constructor(
    readonly project: Project,
    readonly model: ProjectModel,
    /** Root-relative file → its findings; files without findings are absent. */
    readonly byFile: ReadonlyMap<string, Finding[]>,
    private readonly missingByFile: ReadonlyMap<string, Missing>,
    private readonly totals: Missing,
    private readonly inputs: TargetInputs,
  ) {}

  static compute(project: Project, model: ProjectModel, inputs: TargetInputs): ProjectAnalysis {
    return ProjectAnalysis.build(project, model, inputs, new Map(), new Map(), { local: 0, cloud: 0 }, computeFindings(model, inputs));
  }

  /** For a project whose analysis failed: no findings rather than stale ones from another model. */
  static empty(project: Project, model: ProjectModel, inputs: TargetInputs): ProjectAnalysis {
    return new ProjectAnalysis(project, model, new Map(), new Map(), { local: 0, cloud: 0 }, inputs);
  }

  /** Re-resolves only `scope` (root-relative files); the rest keeps this analysis's findings. */
  update(model: ProjectModel, inputs: TargetInputs, scope: ReadonlySet<string>): ProjectAnalysis {
    const partial: ProjectModel = {
      ...model,
      requirements: model.requirements.filter((r) => scope.has(r.file)),
      authoringFindings: model.authoringFindings.filter((f) => scope.has(f.file)),
    };
    const byFile = new Map(this.byFile);
    const missingByFile = new Map(this.missingByFile);
    const totals = { ...this.totals };
    for (const file of scope) {
      const old = missingByFile.get(file);
      if (old) for (const t of ["local", "cloud"] as const) totals[t] -= old[t];
      byFile.delete(file);
      missingByFile.delete(file);
    }
    return ProjectAnalysis.build(this.project, model, inputs, byFile, missingByFile, totals, computeFindings(partial, inputs));
  }

  private static build(
    project: Project,
    model: ProjectModel,
    inputs: TargetInputs,
    byFile: Map<string, Finding[]>,
    missingByFile: Map<string, Missing>,
    totals: Missing,
    findings: Finding[],
  ): ProjectAnalysis {
    const fresh = new Map<string, Finding[]>();
    for (const finding of findings) {
      const list = fresh.get(finding.file);
      if (list) list.push(finding);
      else fresh.set(finding.file, [finding]);
    }
    for (const [file, list] of fresh) {
      byFile.set(file, capFindings(list));
      const missing = countMissing(list);
      missingByFile.set(file, missing);
      totals.local += missing.local;
      totals.cloud += missing.cloud;
    }
    return new ProjectAnalysis(project, model, byFile, missingByFile, totals, inputs);
  }

  /** Every requirement's status (the sidebar's request). */
  requirementStatuses(): RequirementStatus[] {
    const statuses = this.statuses ?? requirementStatuses(this.model, this.inputs);
    this.statuses = statuses;
    return statuses;
  }

  /** Statuses of the requirements declared in one file: hovers and lenses ask after every edit. */
  statusesIn(file: string): RequirementStatus[] {
    if (this.statuses) return this.statuses.filter((s) => s.file === file || s.action.file === file);
    const cached = this.fileStatuses.get(file);
    if (cached) return cached;
    const requirements = this.model.requirements.filter((r) => r.file === file || r.action.file === file);
    const statuses = requirementStatuses({ ...this.model, requirements }, this.inputs);
    this.fileStatuses.set(file, statuses);
    return statuses;
  }

  /** Requirements that do not resolve in `target`. */
  missingCount(target: Target): number {
    return this.totals[target];
  }
}

/** Resolution findings of one file, counted once per requirement (its range) and target. */
function countMissing(findings: Finding[]): Missing {
  const seen = new Set<string>();
  const missing: Missing = { local: 0, cloud: 0 };
  for (const f of findings) {
    if (f.target === null) continue;
    const id = `${f.target}:${f.range.start.line}:${f.range.start.character}`;
    if (seen.has(id)) continue;
    seen.add(id);
    missing[f.target]++;
  }
  return missing;
}
