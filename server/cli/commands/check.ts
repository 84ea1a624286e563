// `keystroke-credentials check`: analyse a project, resolve its requirements against the local and
// cloud snapshots it is given, print findings (text, json or sarif) and exit 0/1/2/3. A target the
// command line names must be checked: a CI run is never green for a store it did not look at.
import { computeFindings, type ProjectContext, type ProjectModel, type TargetInputs } from "../../core/analysis";
import { capFindings } from "../../core/findings/cap";
import type { Target } from "../../core/schema";
import { loadWorkspace, notAKeystrokeProject, WorkspaceError } from "../../workspace";
import { EXIT_FINDINGS, EXIT_OK, EXIT_UNCHECKED, InputError, UsageError, parseFlags, projectRootFlag, type CliIO, type Command } from "../command";
import { countSeverities, failedTargets, type CheckReport } from "../format/report";
import { formatJson } from "../format/json";
import { formatSarif } from "../format/sarif";
import { formatText } from "../format/text";
import { readTargets, targetReport, TARGET_FLAGS, type TargetFlags } from "../targets";

const FORMATS = ["text", "json", "sarif"] as const;
const JSON_VERSIONS = ["1", "2"] as const;
const ALLOWABLE = ["all", "local", "cloud"] as const;

const USAGE = `Usage: keystroke-credentials check [options]

Analyse a Keystroke project's credential requirements and check them against store snapshots.

Options:
  --root DIR               project root (default: the current directory); it must hold a
                           keystroke.config.ts or a package.json depending on @keystrokehq/keystroke
  --format text|json|sarif output format (default: text)
  --json-version 1|2       JSON layout (default: 2; 1 is the old one, for one release)
  --local-snapshot FILE    JSON snapshot of the local store
  --local-store DIR        read the local store's credentials.json in DIR (read-only). Default when
                           no --local-snapshot/--local is given: the default store
                           ($KEYSTROKE_CREDENTIALS_HOME or the platform data directory), if it
                           has a credentials.json; otherwise "local" is not checked
  --cloud-snapshot FILE    JSON snapshot of the cloud project; without it "cloud" is not checked
  --local NAME             read the local snapshot from a registered source instead of a file
  --cloud NAME             read the cloud snapshot from a registered source: "live" lists the
                           cloud with the keystroke CLI
  --cli PATH               the keystroke executable for --cloud live (default: $KEYSTROKE_CLI,
                           PATH, then node_modules/.bin/keystroke)
  --allow-unchecked[=local|cloud]
                           a target named above that cannot be checked does not fail the run
                           (repeatable; bare: every target)
  --project SLUG           current project (overrides keystroke.config.ts)
  --organization SLUG      organization (overrides keystroke.config.ts)
  --exclude GLOB           skip matching files or directories (repeatable)
  --allow-env NAME         an environment variable that is not a secret: no KS030 for it (repeatable)
  -h, --help               show this help

Exit status:
  0  no error finding
  1  at least one error finding
  2  usage or input error: bad flags, not a Keystroke project, no file analysed, invalid snapshot
  3  a target the command line asked for could not be checked (the findings are still printed;
     3 wins over 1)
`;

/**
 * `--allow-unchecked` takes an optional value, which parseArgs cannot express: the bare flag
 * becomes `=all`, and `--allow-unchecked local` (a separate word naming a target) its value.
 */
function normalizeAllowUnchecked(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] !== "--allow-unchecked") {
      out.push(argv[i]!);
      continue;
    }
    const next = argv[i + 1];
    if (next === "local" || next === "cloud" || next === "all") {
      out.push(`--allow-unchecked=${next}`);
      i++;
    } else out.push("--allow-unchecked=all");
  }
  return out;
}

export const checkCommand: Command = {
  summary: "analyse credential requirements and check them against store snapshots",
  usage: USAGE,
  async run(argv, io) {
    const { values } = parseFlags(normalizeAllowUnchecked(argv), {
      root: { type: "string" },
      format: { type: "string", default: "text" },
      "json-version": { type: "string", default: "2" },
      ...TARGET_FLAGS,
      "allow-unchecked": { type: "string", multiple: true, default: [] },
      project: { type: "string" },
      organization: { type: "string" },
      exclude: { type: "string", multiple: true, default: [] },
      "allow-env": { type: "string", multiple: true, default: [] },
      help: { type: "boolean", short: "h", default: false },
    });
    if (values.help) {
      io.stdout(USAGE);
      return EXIT_OK;
    }
    const format = values.format as (typeof FORMATS)[number];
    if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(", ")}, not "${values.format}"`);
    const jsonVersion = values["json-version"] as (typeof JSON_VERSIONS)[number];
    if (!JSON_VERSIONS.includes(jsonVersion)) throw new UsageError(`--json-version must be 1 or 2, not "${values["json-version"]}"`);
    for (const value of values["allow-unchecked"]) {
      if (!ALLOWABLE.includes(value as (typeof ALLOWABLE)[number])) throw new UsageError(`--allow-unchecked takes local or cloud (or nothing, for both), not "${value}"`);
    }
    for (const flag of ["project", "organization", "cli"] as const) {
      if (values[flag] !== undefined && values[flag].trim() === "") throw new UsageError(`--${flag} needs a non-empty value`);
    }
    const context: ProjectContext = {};
    if (values.project !== undefined) context.project = values.project;
    if (values.organization !== undefined) context.organization = values.organization;
    const allowed = new Set(values["allow-unchecked"]);
    const { report } = await analyseProject(
      { root: projectRootFlag(io.cwd, values.root), exclude: values.exclude, context, allowedEnv: values["allow-env"], targets: values, allowUnchecked: (t) => allowed.has("all") || allowed.has(t) },
      io,
    );
    io.stdout(format === "json" ? formatJson(report, Number(jsonVersion) as 1 | 2) : format === "sarif" ? formatSarif(report) : formatText(report, io.cwd));
    return report.exitCode;
  },
};

export interface AnalyseOptions {
  root: string;
  exclude: readonly string[];
  context: ProjectContext;
  allowedEnv: readonly string[];
  targets: TargetFlags;
  /** Whether an unchecked target the command line asked for is accepted (--allow-unchecked). */
  allowUnchecked: (target: Target) => boolean;
}

/**
 * What `check` computes, for `check` and for the coding agents' `check` tool: the report every
 * format renders, the model and the targets' inputs. Throws InputError for what exits 2.
 */
export async function analyseProject(options: AnalyseOptions, io: CliIO): Promise<{ report: CheckReport; model: ProjectModel; inputs: TargetInputs }> {
  const { root } = options;
  const notProject = notAKeystrokeProject(root);
  if (notProject !== null) throw new InputError(`not a Keystroke project: ${notProject}; pass --root with the project's directory`);
  let workspace;
  try {
    workspace = loadWorkspace(root, { exclude: options.exclude, context: options.context, allowedEnv: options.allowedEnv });
  } catch (error) {
    if (error instanceof WorkspaceError) throw new InputError(error.message);
    throw error;
  }
  const model = workspace.index.model();
  const skipped = [...workspace.skipped, ...model.notAnalyzed];
  for (const s of skipped) io.stderr(`note: ${s.file} was not analysed: ${s.reason}\n`);
  const analyzed = model.files.length - model.notAnalyzed.length;
  if (analyzed === 0) {
    throw new InputError(
      skipped.length === 0
        ? `nothing to analyse: ${root} holds no TypeScript or JavaScript file outside node_modules, dist, dot-directories and the --exclude globs`
        : `nothing was analysed: none of the ${skipped.length} source files under ${root} could be read (see the notes above)`,
    );
  }
  const { local, cloud, requested } = await readTargets(options.targets, { root, context: model.context, io });
  const inputs: TargetInputs = { local: local.input, cloud: cloud.input };
  const findings = computeFindings(model, inputs);
  // Counts and the exit status come from every finding; the listing is capped per file and code.
  const { errors, warnings, notes } = countSeverities(findings);
  const targets = {
    local: targetReport(local, requested.local, options.allowUnchecked("local")),
    cloud: targetReport(cloud, requested.cloud, options.allowUnchecked("cloud")),
  };
  const exitCode = failedTargets(targets).length > 0 ? EXIT_UNCHECKED : errors > 0 ? EXIT_FINDINGS : EXIT_OK;
  const report: CheckReport = {
    root,
    findings: capFindings(findings),
    targets,
    summary: { files: model.files.length, analyzed, actions: model.actions.length, requirements: model.requirements.length, errors, warnings, notes },
    skipped,
    exitCode,
  };
  return { report, model, inputs };
}

