// Figures the benchmarks share: nearest-rank percentiles and memory read from /proc (Linux).
import { readFileSync } from "node:fs";

/** The nearest-rank p-th percentile of ascending `sorted`; NaN when empty. */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** The median of `values`, in any order (not reordered). */
export function median(values: readonly number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50);
}

/** A process's peak (VmHWM) or current (VmRSS) resident memory in MB; NaN where /proc has none. */
export function memoryMb(pid: number | "self", field: "VmHWM" | "VmRSS"): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}
