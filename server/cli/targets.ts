// The two targets a command line names (local: a snapshot, a store directory or a registered
// source; cloud: a snapshot or a registered source such as `live`), read into the analyzer's
// inputs, with where each came from and whether the command line asked for it. Shared by `check`
// and `mcp`.
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import type { ProjectContext, TargetInput } from "../core/analysis";
import type { Snapshot, Target } from "../core/schema";
import { readSnapshotFile } from "../workspace";
// Direct module imports: reading targets reads the store's metadata file and never loads the keychain.
import { defaultStoreDir } from "../store/paths";
import { readLocalStoreSnapshot } from "../store/snapshot";
import { InputError, UsageError, type CliIO } from "./command";
import type { TargetReport } from "./format/report";

/** The parseArgs options of the target flags. */
export const TARGET_FLAGS = {
  "local-snapshot": { type: "string" },
  "local-store": { type: "string" },
  "cloud-snapshot": { type: "string" },
  local: { type: "string" },
  cloud: { type: "string" },
  cli: { type: "string" },
} as const;

export interface TargetFlags {
  "local-snapshot"?: string;
  "local-store"?: string;
  "cloud-snapshot"?: string;
  local?: string;
  cloud?: string;
  cli?: string;
}

/** Where a target's snapshot comes from, besides a file: registered by other parts (e.g. `--cloud live`). */
export type SnapshotSource = (request: { root: string; context: ProjectContext; io: CliIO; cli?: string }) => Promise<
  /** `source` names where it came from in the summary; `error` aborts with exit 2. */
  { snapshot: Snapshot; source: string } | { unchecked: string } | { error: string }
>;

const sources: Record<Target, Map<string, SnapshotSource>> = { local: new Map(), cloud: new Map() };

/** Lets `--local NAME` / `--cloud NAME` read a snapshot from somewhere other than a file. */
export function registerSnapshotSource(target: Target, name: string, source: SnapshotSource): void {
  sources[target].set(name, source);
}

/** How a target was read: the analyzer's input, and where it came from (or why it was not). */
export interface TargetRead {
  input: TargetInput;
  source?: string;
}

export function targetReport(read: TargetRead, requested: boolean, allowed: boolean): TargetReport {
  const input = read.input;
  if ("unchecked" in input) return { checked: false, reason: input.unchecked, allowed, at: new Date().toISOString(), requested };
  return { checked: true, source: read.source ?? "a snapshot", at: input.snapshot.fetchedAt ?? new Date().toISOString(), requested };
}

/** The local store's metadata, read-only (a running dev server keeps owning the store). */
async function readLocalStore(dirFlag: string | undefined, io: CliIO, context: ProjectContext): Promise<TargetRead> {
  const dir = dirFlag !== undefined ? path.resolve(io.cwd, dirFlag) : defaultStoreDir(io.env);
  if (dirFlag !== undefined && !existsSync(dir)) throw new InputError(`--local-store: ${dir} does not exist`);
  if (dirFlag !== undefined && !statSync(dir).isDirectory()) throw new InputError(`--local-store: ${dir} is not a directory; pass the store directory (the one holding credentials.json)`);
  return { input: await readLocalStoreSnapshot(dir, context), source: `local store ${dir}` };
}

async function readTarget(target: Target, file: string | undefined, sourceName: string | undefined, request: Parameters<SnapshotSource>[0]): Promise<TargetRead> {
  if (file !== undefined && sourceName !== undefined) throw new UsageError(`give either --${target}-snapshot or --${target}, not both`);
  if (file !== undefined) {
    const absolute = path.resolve(request.io.cwd, file);
    const read = readSnapshotFile(absolute);
    if (!read.ok) throw new InputError(read.message);
    return { input: { snapshot: read.snapshot }, source: file };
  }
  if (sourceName !== undefined) {
    const source = sources[target].get(sourceName);
    if (!source) {
      const known = [...sources[target].keys()];
      throw new UsageError(`unknown --${target} source "${sourceName}"${known.length > 0 ? ` (known: ${known.join(", ")})` : ""}`);
    }
    const result = await source(request);
    if ("error" in result) throw new InputError(result.error);
    if ("unchecked" in result) return { input: result };
    return { input: { snapshot: result.snapshot }, source: result.source };
  }
  return { input: { unchecked: `no --${target}-snapshot or --${target} given` } };
}

/** Both targets as the flags name them; a bad file or an unknown source throws (exit 2). */
export async function readTargets(flags: TargetFlags, request: { root: string; context: ProjectContext; io: CliIO }): Promise<{ local: TargetRead; cloud: TargetRead; requested: Record<Target, boolean> }> {
  const fromSnapshot = flags["local-snapshot"] !== undefined || flags.local !== undefined;
  if (fromSnapshot && flags["local-store"] !== undefined) throw new UsageError("give only one of --local-snapshot, --local and --local-store");
  const withCli = { ...request, ...(flags.cli !== undefined ? { cli: flags.cli } : {}) };
  const local = fromSnapshot ? await readTarget("local", flags["local-snapshot"], flags.local, withCli) : await readLocalStore(flags["local-store"], request.io, request.context);
  const cloud = await readTarget("cloud", flags["cloud-snapshot"], flags.cloud, withCli);
  return {
    local,
    cloud,
    requested: { local: fromSnapshot || flags["local-store"] !== undefined, cloud: flags["cloud-snapshot"] !== undefined || flags.cloud !== undefined },
  };
}
