// `keystroke-credentials check`: analyse a project, resolve its requirements against the local and
// cloud snapshots it is given, print findings (text, json or sarif) and exit 0/1/2.
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { computeFindings, type ProjectContext, type TargetInput } from "../../core/analysis";
import { capFindings } from "../../core/findings/cap";
import type { Snapshot, Target } from "../../core/schema";
import { loadWorkspace, readSnapshotFile, WorkspaceError } from "../../workspace";
// Direct module imports: `check` reads the store's metadata file and never loads the keychain.
import { defaultStoreDir } from "../../store/paths";
import { readLocalStoreSnapshot } from "../../store/snapshot";
import { EXIT_FINDINGS, EXIT_OK, InputError, UsageError, parseFlags, projectRootFlag, type CliIO, type Command } from "../command";
import { countSeverities, type CheckReport, type TargetReport } from "../format/report";
import { formatJson } from "../format/json";
import { formatSarif } from "../format/sarif";
import { formatText } from "../format/text";

/** Where a target's snapshot comes from, besides a file: registered by other parts (e.g. `--cloud live`). */
export type SnapshotSource = (request: { root: string; context: ProjectContext; io: CliIO }) => Promise<
  /** `source` names where it came from in the summary; `error` aborts with exit 2. */
  { snapshot: Snapshot; source: string } | { unchecked: string } | { error: string }
>;

const sources: Record<Target, Map<string, SnapshotSource>> = { local: new Map(), cloud: new Map() };

/** Lets `--local NAME` / `--cloud NAME` read a snapshot from somewhere other than a file. */
export function registerSnapshotSource(target: Target, name: string, source: SnapshotSource): void {
  sources[target].set(name, source);
}

const FORMATS = ["text", "json", "sarif"] as const;

const USAGE = `Usage: keystroke-credentials check [options]

Analyse a Keystroke project's credential requirements and check them against store snapshots.

Options:
  --root DIR               project root (default: the current directory)
  --format text|json|sarif output format (default: text)
  --local-snapshot FILE    JSON snapshot of the local store
  --local-store DIR        read the local store's credentials.json in DIR (read-only). Default when
                           no --local-snapshot/--local is given: the default store
                           ($KEYSTROKE_CREDENTIALS_HOME or the platform data directory), if it
                           has a credentials.json; otherwise "local" is not checked
  --cloud-snapshot FILE    JSON snapshot of the cloud project; without it "cloud" is not checked
  --local NAME             read the local snapshot from a registered source instead of a file
  --cloud NAME             read the cloud snapshot from a registered source instead of a file
  --project SLUG           current project (overrides keystroke.config.ts)
  --organization SLUG      organization (overrides keystroke.config.ts)
  --exclude GLOB           skip matching files or directories (repeatable)
  -h, --help               show this help

Exit status: 0 no error findings, 1 at least one error finding, 2 usage or input error.
`;

export const checkCommand: Command = {
  summary: "analyse credential requirements and check them against store snapshots",
  usage: USAGE,
  async run(argv, io) {
    const { values } = parseFlags(argv, {
      root: { type: "string" },
      format: { type: "string", default: "text" },
      "local-snapshot": { type: "string" },
      "local-store": { type: "string" },
      "cloud-snapshot": { type: "string" },
      local: { type: "string" },
      cloud: { type: "string" },
      project: { type: "string" },
      organization: { type: "string" },
      exclude: { type: "string", multiple: true, default: [] },
      help: { type: "boolean", short: "h", default: false },
    });
    if (values.help) {
      io.stdout(USAGE);
      return EXIT_OK;
    }
    const format = values.format as (typeof FORMATS)[number];
    if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(", ")}, not "${values.format}"`);
    for (const flag of ["project", "organization"] as const) {
      if (values[flag] !== undefined && values[flag].trim() === "") throw new UsageError(`--${flag} needs a non-empty slug`);
    }
    const root = projectRootFlag(io.cwd, values.root);
    const context: ProjectContext = {};
    if (values.project !== undefined) context.project = values.project;
    if (values.organization !== undefined) context.organization = values.organization;

    let workspace;
    try {
      workspace = loadWorkspace(root, { exclude: values.exclude, context });
    } catch (error) {
      if (error instanceof WorkspaceError) throw new InputError(error.message);
      throw error;
    }
    const model = workspace.index.model();
    const fromSnapshot = values["local-snapshot"] !== undefined || values.local !== undefined;
    if (fromSnapshot && values["local-store"] !== undefined) throw new UsageError("give only one of --local-snapshot, --local and --local-store");
    const local = fromSnapshot
      ? await readTarget("local", values["local-snapshot"], values.local, { root, context: model.context, io })
      : await readLocalStore(values["local-store"], io, model.context);
    const cloud = await readTarget("cloud", values["cloud-snapshot"], values.cloud, { root, context: model.context, io });

    const findings = computeFindings(model, { local: local.input, cloud: cloud.input });
    // Counts and the exit status come from every finding; the listing is capped per file and code.
    const { errors, warnings, notes } = countSeverities(findings);
    const skipped = [...workspace.skipped, ...model.notAnalyzed];
    const report: CheckReport = {
      root,
      findings: capFindings(findings),
      targets: { local: local.report, cloud: cloud.report },
      summary: { files: model.files.length, actions: model.actions.length, requirements: model.requirements.length, errors, warnings, notes },
      skipped,
    };
    for (const s of skipped) io.stderr(`note: ${s.file} was not analysed: ${s.reason}\n`);
    io.stdout(format === "json" ? formatJson(report) : format === "sarif" ? formatSarif(report) : formatText(report, io.cwd));
    return errors > 0 ? EXIT_FINDINGS : EXIT_OK;
  },
};

/** The local store's metadata, read-only (a running dev server keeps owning the store). */
async function readLocalStore(dirFlag: string | undefined, io: CliIO, context: ProjectContext): Promise<{ input: TargetInput; report: TargetReport }> {
  const dir = dirFlag !== undefined ? path.resolve(io.cwd, dirFlag) : defaultStoreDir(io.env);
  if (dirFlag !== undefined && !existsSync(dir)) throw new InputError(`--local-store: ${dir} does not exist`);
  if (dirFlag !== undefined && !statSync(dir).isDirectory()) throw new InputError(`--local-store: ${dir} is not a directory; pass the store directory (the one holding credentials.json)`);
  const read = await readLocalStoreSnapshot(dir, context);
  if ("unchecked" in read) return { input: read, report: { checked: false, reason: read.unchecked } };
  return { input: read, report: { checked: true, source: `local store ${dir}` } };
}

async function readTarget(
  target: Target,
  file: string | undefined,
  sourceName: string | undefined,
  request: Parameters<SnapshotSource>[0],
): Promise<{ input: TargetInput; report: TargetReport }> {
  if (file !== undefined && sourceName !== undefined) throw new UsageError(`give either --${target}-snapshot or --${target}, not both`);
  if (file !== undefined) {
    const absolute = path.resolve(request.io.cwd, file);
    const read = readSnapshotFile(absolute);
    if (!read.ok) throw new InputError(read.message);
    return { input: { snapshot: read.snapshot }, report: { checked: true, source: file } };
  }
  if (sourceName !== undefined) {
    const source = sources[target].get(sourceName);
    if (!source) {
      const known = [...sources[target].keys()];
      throw new UsageError(`unknown --${target} source "${sourceName}"${known.length > 0 ? ` (known: ${known.join(", ")})` : ""}`);
    }
    const result = await source(request);
    if ("error" in result) throw new InputError(result.error);
    if ("unchecked" in result) return { input: result, report: { checked: false, reason: result.unchecked } };
    return { input: { snapshot: result.snapshot }, report: { checked: true, source: result.source } };
  }
  const reason = `no --${target}-snapshot given`;
  return { input: { unchecked: reason }, report: { checked: false, reason } };
}
