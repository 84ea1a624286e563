// Runs the `keystroke` CLI as a child process: argv array, never a shell (a Windows .cmd goes
// through cmd.exe: see invocation.ts); its own process group so a timeout or cancel ends the CLI
// and anything it started; every captured or streamed line passes through redaction of the
// secret values the caller handed to the child's environment.
import { spawn, type ChildProcess } from "node:child_process";
import { invocationFor } from "./invocation";

export interface RunRequest {
  cli: string;
  args: string[];
  cwd: string;
  /** The child's complete environment (secret values travel only here). */
  env: NodeJS.ProcessEnv;
  /** Values that must never appear in what this module returns or streams. */
  secrets?: string[];
  /** 0 or absent: no limit. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Every complete output line, redacted, as it arrives. */
  onLine?: (line: string, stream: "stdout" | "stderr") => void;
  /** Called on every stderr line and on each tick of `progressIntervalMs` while the CLI runs. */
  onProgress?: (progress: RunProgress) => void;
  progressIntervalMs?: number;
  /** How long a killed CLI gets between SIGTERM and SIGKILL. */
  killGraceMs?: number;
  /** "inherit" hands the terminal to an interactive command; nothing is captured then. */
  stdio?: "pipe" | "inherit";
}

export interface RunProgress {
  elapsedMs: number;
  /** The CLI's latest stderr line (redacted), if it printed one. */
  lastLine?: string;
}

export type RunOutcome =
  | { kind: "exited"; code: number; stdout: string; stderr: string }
  | { kind: "spawn-failed"; code: string; message: string }
  | { kind: "timeout"; stdout: string; stderr: string }
  | { kind: "cancelled" };

const CAPTURE_LIMIT = 16 * 1024 * 1024;
const REDACTED = "[redacted]";

/**
 * Replaces every secret in `text`, also in its JSON-escaped spelling. A multi-line secret (a PEM
 * key) is also redacted line by line, because streamed output is split into lines before it is
 * redacted.
 */
export function redact(text: string, secrets: readonly string[]): string {
  const needles = new Set<string>();
  for (const s of secrets) {
    if (s === "") continue;
    needles.add(s);
    // As it appears inside a JSON string, when the CLI quotes a value with `"`, `\` or control characters.
    needles.add(JSON.stringify(s).slice(1, -1));
    for (const line of s.split(/\r?\n/)) if (line.trim().length >= 8) needles.add(line.trim());
  }
  // Longest first, so a secret that contains another is replaced whole.
  let out = text;
  for (const needle of [...needles].sort((a, b) => b.length - a.length)) out = out.split(needle).join(REDACTED);
  return out;
}

/** Sends `signal` to the child's whole process group when it leads one, else to the child alone. */
function killTree(child: ChildProcess, group: boolean, signal: NodeJS.Signals): void {
  try {
    if (group && child.pid !== undefined) process.kill(-child.pid, signal);
    else child.kill(signal);
  } catch {
    // Already gone: nothing to end.
  }
}

export function runCli(req: RunRequest): Promise<RunOutcome> {
  const secrets = req.secrets ?? [];
  const started = Date.now();
  return new Promise<RunOutcome>((resolve) => {
    if (req.signal?.aborted) return resolve({ kind: "cancelled" });
    const interactive = req.stdio === "inherit";
    // A process group of its own, so killing it reaches the CLI's children too. Not for an
    // interactive command, which must stay in the terminal's foreground group to read keys.
    const group = process.platform !== "win32" && !interactive;
    const invocation = invocationFor(req.cli, req.args, process.platform, req.env.ComSpec ?? process.env.ComSpec);
    if ("refused" in invocation) return resolve({ kind: "spawn-failed", code: "UNSAFE_ARGUMENT", message: redact(invocation.refused, secrets) });
    let child: ChildProcess;
    try {
      child = spawn(invocation.command, invocation.args, {
        cwd: req.cwd,
        env: req.env,
        shell: false,
        windowsHide: true,
        windowsVerbatimArguments: invocation.verbatim,
        detached: group,
        stdio: interactive ? "inherit" : ["ignore", "pipe", "pipe"],
      });
    } catch (err) {
      // Synchronous refusals (an invalid env value, say) quote the offending value: redact it.
      const e = err as NodeJS.ErrnoException;
      return resolve({ kind: "spawn-failed", code: e.code ?? "UNKNOWN", message: redact(String(e.message), secrets) });
    }

    let stdout = "";
    let stderr = "";
    let lastLine: string | undefined;
    let ending: "timeout" | "cancelled" | null = null;
    let settled = false;
    const timers: NodeJS.Timeout[] = [];

    const finish = (outcome: RunOutcome) => {
      if (settled) return;
      settled = true;
      for (const t of timers) clearTimeout(t);
      req.signal?.removeEventListener("abort", onAbort);
      resolve(outcome);
    };
    const end = (why: "timeout" | "cancelled") => {
      if (ending !== null || settled) return;
      ending = why;
      killTree(child, group, "SIGTERM");
      // Not cleared when the CLI exits: members of its group that ignored SIGTERM still get SIGKILL.
      setTimeout(() => killTree(child, group, "SIGKILL"), req.killGraceMs ?? 2000).unref();
    };
    const onAbort = () => end("cancelled");
    req.signal?.addEventListener("abort", onAbort, { once: true });

    if (req.timeoutMs && req.timeoutMs > 0) timers.push(setTimeout(() => end("timeout"), req.timeoutMs));
    if (req.onProgress) {
      const interval = req.progressIntervalMs ?? 1000;
      const tick = setInterval(() => req.onProgress?.({ elapsedMs: Date.now() - started, ...(lastLine ? { lastLine } : {}) }), interval);
      timers.push(tick);
    }

    const pending = { stdout: "", stderr: "" };
    const lineReader = (stream: "stdout" | "stderr") => (text: string) => {
      if (stream === "stdout") {
        if (stdout.length < CAPTURE_LIMIT) stdout += text;
      } else if (stderr.length < CAPTURE_LIMIT) stderr += text;
      const lines = (pending[stream] + text).split(/\r?\n/);
      pending[stream] = lines.pop() ?? "";
      for (const raw of lines) emitLine(raw, stream);
    };
    const emitLine = (raw: string, stream: "stdout" | "stderr") => {
      const line = redact(raw, secrets);
      req.onLine?.(line, stream);
      if (stream === "stderr" && line.trim() !== "") {
        lastLine = line.trim();
        req.onProgress?.({ elapsedMs: Date.now() - started, lastLine });
      }
    };
    // setEncoding keeps a character split across chunks whole.
    child.stdout?.setEncoding("utf8").on("data", lineReader("stdout"));
    child.stderr?.setEncoding("utf8").on("data", lineReader("stderr"));

    child.on("error", (err: NodeJS.ErrnoException) => {
      finish({ kind: "spawn-failed", code: err.code ?? "UNKNOWN", message: redact(err.message, secrets) });
    });
    const endedOutcome = (): RunOutcome =>
      ending === "timeout" ? { kind: "timeout", stdout: redact(stdout, secrets), stderr: redact(stderr, secrets) } : { kind: "cancelled" };
    child.on("exit", () => {
      // A killed CLI's streams may be held open by an orphan; do not wait for them.
      if (ending === null) return;
      child.stdout?.destroy();
      child.stderr?.destroy();
      finish(endedOutcome());
    });
    child.on("close", (code, signal) => {
      // Ended between "exit" and "close": the kill found nothing, but the caller gave up already.
      if (ending !== null) return finish(endedOutcome());
      // Flush a last line printed without a newline.
      for (const stream of ["stdout", "stderr"] as const) if (pending[stream] !== "") emitLine(pending[stream], stream);
      finish({
        kind: "exited",
        code: code ?? (signal ? 128 : 1),
        stdout: redact(stdout, secrets),
        stderr: redact(stderr, secrets),
      });
    });
  });
}
