// Analyzer benchmark on a generated 2,000-action project: bytes, the bare createSourceFile time for
// every file (the floor any parser-based analysis pays), full cold analysis (loadWorkspace + model
// + computeFindings), their ratio, single-file re-analysis latency over 200 edits, and peak RSS.
// The floor is the very createSourceFile call the analysis makes (same options, texts already in
// memory); the cold analysis also reads the files from disk. Both are timed in wall and CPU time.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import v8 from "node:v8";
import vm from "node:vm";
import os from "node:os";
import path from "node:path";
import ts from "typescript";
import { computeFindings, type TargetInputs } from "../server/core/analysis";
import { parseFile } from "../server/core/analysis/extract";
import { loadWorkspace, readProjectFiles, readSnapshotFile } from "../server/workspace";
import { generateProject, prng } from "./support/generate-project";

const ACTIONS = 2000;
const EDITS = 200;
const ROUNDS = 7;
const WARMUP_EDITS = 20;
const TARGETS = { ratio: 1.5, p95Ms: 10, rssMb: 200 };

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

function peakRssMb(): number {
  const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync("/proc/self/status", "utf8"));
  return match ? Number(match[1]) / 1024 : process.memoryUsage().rss / 1024 / 1024;
}

/** A full GC between phases, so one phase's garbage does not count against the next. */
function collectGarbage(): void {
  v8.setFlagsFromString("--expose-gc");
  (vm.runInNewContext("gc") as () => void)();
}

/** Resets the kernel's RSS high-water mark (Linux), so peak RSS covers only what follows. */
function resetPeakRss(): boolean {
  try {
    writeFileSync("/proc/self/clear_refs", "5");
    return true;
  } catch {
    return false;
  }
}

/** Wall and CPU milliseconds of `fn` (CPU counts every thread, GC helpers included). */
function timed<T>(fn: () => T): { wall: number; cpu: number; value: T } {
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  const value = fn();
  const wall = performance.now() - started;
  const cpu = process.cpuUsage(cpuStart);
  return { wall, cpu: (cpu.user + cpu.system) / 1000, value };
}

/** The analysis's own parse of every file, nothing else. */
function parseAll(files: Map<string, string>): void {
  for (const [file, text] of files) parseFile(file, text);
}

/** createSourceFile with its default options (JSDoc parsed, module indicator set): shown for reference only. */
function parseAllDefault(files: Map<string, string>): void {
  for (const [file, text] of files) ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
}

function snapshotTargets(root: string): TargetInputs {
  const read = (name: string) => {
    const result = readSnapshotFile(path.join(root, ".keystroke", `${name}-snapshot.json`));
    if (!result.ok) throw new Error(result.message);
    return { snapshot: result.snapshot };
  };
  return { local: read("local"), cloud: read("cloud") };
}

function main(): void {
  const root = mkdtempSync(path.join(os.tmpdir(), "ks-bench-analyzer-"));
  try {
    const generated = generateProject(root, { actions: ACTIONS });
    const { files } = readProjectFiles(root, []);
    const targets = snapshotTargets(root);

    const coldAnalysis = () => {
      const { index } = loadWorkspace(root);
      const model = index.model();
      const findings = computeFindings(model, targets);
      return { index, model, findings };
    };

    // Memory first, in a clean process state: one cold analysis plus the edits below.
    collectGarbage();
    const peakReset = resetPeakRss();
    const { index, model, findings } = coldAnalysis();

    // Re-analysis of one edited file: toggle an invalid pin on one element of a random action.
    // The first WARMUP edits are not timed: a language server is a long-running, JIT-warm process.
    const random = prng(7);
    const latencies: number[] = [];
    let affectedTotal = 0;
    const texts = new Map(files);
    for (let i = -WARMUP_EDITS; i < EDITS; i++) {
      const file = generated.actionFiles[Math.floor(random() * generated.actionFiles.length)]!;
      const before = texts.get(file)!;
      const after = before.includes(`.scope("orgz")`) ? before.replace(`.scope("orgz")`, "") : before.replace(/credentials: \[([\w.]+)/, `credentials: [$1.scope("orgz")`);
      texts.set(file, after);
      const started = performance.now();
      index.setFile(file, after);
      const affected = index.dependents(file);
      const edited = computeFindings(index.model(), targets, { files: affected });
      if (i >= 0) {
        latencies.push(performance.now() - started);
        affectedTotal += affected.length;
      }
      if (!edited.some((f) => f.code === "KS010") && after.includes(`.scope("orgz")`)) throw new Error(`edit of ${file} did not produce KS010`);
    }
    latencies.sort((a, b) => a - b);
    const p50 = percentile(latencies, 50);
    const p95 = percentile(latencies, 95);
    const rss = peakRssMb();

    // "Cold" = a fresh index with nothing cached, not a cold JIT (the analysis above warmed it).
    // Rounds alternate parse and analysis; the best of each is compared (a busy machine only adds noise).
    parseAll(files);
    parseAllDefault(files);
    const best = { parseWall: Infinity, parseCpu: Infinity, coldWall: Infinity, coldCpu: Infinity, defaultWall: Infinity, defaultCpu: Infinity };
    for (let round = 0; round < ROUNDS; round++) {
      collectGarbage();
      const parseDefault = timed(() => parseAllDefault(files));
      best.defaultWall = Math.min(best.defaultWall, parseDefault.wall);
      best.defaultCpu = Math.min(best.defaultCpu, parseDefault.cpu);
      collectGarbage();
      const parse = timed(() => parseAll(files));
      collectGarbage();
      const cold = timed(coldAnalysis);
      best.parseWall = Math.min(best.parseWall, parse.wall);
      best.parseCpu = Math.min(best.parseCpu, parse.cpu);
      best.coldWall = Math.min(best.coldWall, cold.wall);
      best.coldCpu = Math.min(best.coldCpu, cold.cpu);
    }
    const parseMs = best.parseWall;
    const coldMs = best.coldWall;
    const ratio = coldMs / parseMs;

    const ok = (good: boolean) => (good ? "ok" : "MISSED");
    console.log(`project: ${generated.files} files, ${model.actions.length} actions, ${model.requirements.length} requirements, ${findings.length} findings`);
    console.log(`bytes (sources):              ${(generated.bytes / 1024 / 1024).toFixed(2)} MB`);
    console.log(`bare createSourceFile, all:   ${parseMs.toFixed(0)} ms wall, ${best.parseCpu.toFixed(0)} ms CPU (the analysis's own parse call and options, texts in memory, best of ${ROUNDS})`);
    console.log(`  (default options:           ${best.defaultWall.toFixed(0)} ms wall, ${best.defaultCpu.toFixed(0)} ms CPU: JSDoc and module indicator too; not used for the ratio)`);
    console.log(`cold analysis:                ${coldMs.toFixed(0)} ms wall, ${best.coldCpu.toFixed(0)} ms CPU (read from disk + parse + extract + link + model + findings on a fresh index, best of ${ROUNDS})`);
    console.log(`ratio cold / parse:           ${ratio.toFixed(2)} wall, ${(best.coldCpu / best.parseCpu).toFixed(2)} CPU (target <= ${TARGETS.ratio}) ${ok(ratio <= TARGETS.ratio)}`);
    console.log(`re-analysis p50 / p95:        ${p50.toFixed(2)} / ${p95.toFixed(2)} ms over ${EDITS} edits (target p95 <= ${TARGETS.p95Ms} ms) ${ok(p95 <= TARGETS.p95Ms)}; ${(affectedTotal / EDITS).toFixed(1)} files affected per edit`);
    console.log(`peak RSS:                     ${rss.toFixed(0)} MB during one cold analysis and the edits${peakReset ? "" : " (whole run)"} (target <= ${TARGETS.rssMb} MB) ${ok(rss <= TARGETS.rssMb)}`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main();
