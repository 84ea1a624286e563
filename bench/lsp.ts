// Language-server benchmark on the generated 2,000-action project, over a real LSP connection to
// a spawned dist/server.js: initialized → last initial publishDiagnostics against the bare parse
// time of the same files (same run), didChange → publishDiagnostics over 200 edits, and RSS.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import ts from "typescript";
import { readProjectFiles } from "../server/workspace";
import { LspClient, uriOf } from "../test/lsp/lsp-client";
import { CLOUD_SNAPSHOT_NOTIFICATION, type CloudSnapshotParams } from "../server/core/schema";
import { generateProject, generateSnapshot } from "./generate-project";

const ACTIONS = 2000;
const EDITS = 200;
const TARGETS = { ratio: 2.0, p95Ms: 30, rssMb: 250 };
/** The first element of a credentials array (`svc01` or `creds.svc01`). */
const ELEMENT = /credentials:\s*\[\s*([\w.]+)/;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

function memoryMb(pid: number, field: "VmHWM" | "VmRSS"): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

function verdict(ok: boolean): string {
  return ok ? "ok" : "MISSED";
}

async function main(): Promise<void> {
  const base = mkdtempSync(path.join(os.tmpdir(), "ks-bench-lsp-"));
  const root = path.join(base, "project");
  const store = path.join(base, "store");
  let lsp: LspClient | undefined;
  try {
    generateProject(root, { actions: ACTIONS });

    // The floor: one parse of every file the server will read, nothing else.
    const { files } = readProjectFiles(root, []);
    const parseStart = performance.now();
    for (const [file, text] of files) ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
    const parseMs = performance.now() - parseStart;

    // The cloud snapshot goes in before `initialized`, so the initial publish includes resolution findings.
    const cloud: CloudSnapshotParams = { snapshot: generateSnapshot(50, "cloud") };
    lsp = await LspClient.start({
      folders: [root],
      storeDir: store,
      beforeInitialized: (connection) => connection.sendNotification(CLOUD_SNAPSHOT_NOTIFICATION, cloud),
    });
    const initializedAt = performance.now();
    // keystroke/status follows the initial publish, so the last publish before it is the last initial one.
    await lsp.waitForStatus(() => true, 120_000);
    const statusAt = performance.now();
    const lastPublish = lsp.publishedAt.filter((t) => t <= statusAt).at(-1) ?? statusAt;
    const initialMs = lastPublish - initializedAt;
    const initialPublishes = lsp.publishedAt.length;
    const ratio = initialMs / parseMs;

    // Edits that flip a finding on and off, so every edit must produce a publish.
    const [file, text] = [...files].find(([, t]) => ELEMENT.test(t) && !t.includes(".scope(")) ?? [];
    if (!file || text === undefined) throw new Error("no generated action file with a credentials array");
    const absolute = path.join(root, file);
    const element = ELEMENT.exec(text)![1]!;
    await lsp.open(absolute, text);
    const latencies: number[] = [];
    let broken = false;
    for (let i = 0; i < EDITS; i++) {
      const count = lsp.publishedAt.length;
      const started = performance.now();
      if (broken) await lsp.replace(absolute, `[${element}.scope("orgz")`, `[${element}`);
      else await lsp.replace(absolute, `[${element}`, `[${element}.scope("orgz")`);
      broken = !broken;
      const expectBroken = broken;
      await lsp.waitFor("publish after edit", () => {
        if (lsp!.publishedAt.length <= count) return false;
        return (lsp!.diagnostics.get(uriOf(absolute)) ?? []).some((d) => d.code === "KS010") === expectBroken;
      });
      latencies.push(performance.now() - started);
    }
    latencies.sort((a, b) => a - b);
    const p50 = percentile(latencies, 50);
    const p95 = percentile(latencies, 95);
    const pid = lsp.child.pid!;
    const peakMb = memoryMb(pid, "VmHWM");
    const rssMb = memoryMb(pid, "VmRSS");

    console.log(`project: ${ACTIONS} actions, ${files.size} files`);
    console.log(`bare parse (ts.createSourceFile, same files): ${parseMs.toFixed(0)} ms`);
    console.log(`initialized → last initial publishDiagnostics: ${initialMs.toFixed(0)} ms (${initialPublishes} files published, cloud snapshot loaded)`);
    console.log(`ratio: ${ratio.toFixed(2)} (target ≤ ${TARGETS.ratio}) ${verdict(ratio <= TARGETS.ratio)}`);
    console.log(`didChange → publishDiagnostics over ${EDITS} edits: p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms (target p95 ≤ ${TARGETS.p95Ms}) ${verdict(p95 <= TARGETS.p95Ms)}`);
    console.log(`server memory: peak RSS (VmHWM) ${peakMb.toFixed(0)} MB, now ${rssMb.toFixed(0)} MB (target ≤ ${TARGETS.rssMb}) ${verdict(peakMb <= TARGETS.rssMb)}`);
  } finally {
    await lsp?.stop();
    rmSync(base, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
