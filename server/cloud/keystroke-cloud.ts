// The `keystroke` CLI adapter: the one way the language server, the `check` command and the
// extension reach the Keystroke cloud. Each operation locates the CLI, runs it in the project root
// (so it reads keystroke.config.ts itself) and turns every way it can fail into a typed result.
// Secret values exist only in the child's environment, under generated names.
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { CredentialKey, FieldName, Slug, type Scope, type Snapshot, describeZodError } from "../core/schema";
import {
  EXIT_SUCCESS,
  installHint,
  type CliPathOrigin,
  LINK_HINT,
  LOGIN_HINT,
  DeployFilter,
  authStatusArgs,
  classifyFailure,
  connectArgs,
  deployArgs,
  jsonErrorMessage,
  listArgs,
  localSetArgs,
  parseAuthStatus,
  parseCredentialList,
  setArgs,
  type AuthStatus,
  type EnvReference,
  type PushTarget,
  type Targeting,
} from "./cli-surface";
import { locateCli, type CliLocation } from "./locate";
import { failure, success, type CloudResult } from "./result";
import { redact, runCli, type RunProgress } from "./run";

export interface CloudTimeouts {
  auth: number;
  list: number;
  push: number;
  deploy: number;
}

/** Milliseconds; 0 = no limit. A deploy lints, typechecks, builds and uploads: minutes, not seconds. */
export const DEFAULT_TIMEOUTS: CloudTimeouts = { auth: 15_000, list: 30_000, push: 60_000, deploy: 30 * 60_000 };

export interface CloudOptions {
  /** Project root: the CLI runs here, so it reads this folder's keystroke.config.ts. */
  root: string;
  /** An explicit CLI path: the keystroke.cliPath setting, or `--cli`. */
  cliPath?: string;
  /** Where an explicit path is given here, so errors name what to fix (default: the editor's setting). */
  cliPathOrigin?: CliPathOrigin;
  /** Base environment for locating and running the CLI (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** Explicit overrides, passed to the CLI as --organization / --project. */
  targeting?: Targeting;
  /** What keystroke.config.ts declares: completes project push targets and labels snapshots; never a flag. */
  config?: { organization?: string; project?: string };
  timeouts?: Partial<CloudTimeouts>;
  /** Between SIGTERM and SIGKILL when a CLI is timed out or cancelled. */
  killGraceMs?: number;
  /** How often `onProgress` ticks while the CLI is silent. */
  progressIntervalMs?: number;
}

export interface CallOptions {
  signal?: AbortSignal;
  /** Overrides the operation's timeout; 0 = no limit. */
  timeoutMs?: number;
  onProgress?: (progress: RunProgress) => void;
}

/** `project` is required for project scope unless the targeting or keystroke.config.ts names one. */
export interface PushTargetInput {
  scope: Scope;
  project?: string;
}

export interface PushRequest {
  key: string;
  /** Default: the organization, as the CLI does without --scope (§3.1). */
  targets?: PushTargetInput[];
  /** Field name → secret value. */
  fields: Record<string, string>;
}

export interface PushResult {
  key: string;
  targets: PushTarget[];
  /** The cloud listing re-read after the push (the cache is refreshed with it). */
  cloud: CloudResult<Snapshot>;
}

export interface DeployRequest extends CallOptions {
  filter?: string;
  onLine?: (line: string, stream: "stdout" | "stderr") => void;
}

/** A command for someone else to run (the extension runs `connect` in a terminal). */
export interface CliCommand {
  command: string;
  args: string[];
  cwd: string;
}

const FieldValues = z
  .record(
    FieldName,
    z
      .string()
      .min(1, "a value cannot be empty")
      .max(16_384)
      .refine((v) => !v.includes("\0"), "a value cannot contain a NUL character"),
  )
  .refine((v) => Object.keys(v).length > 0, "give at least one field value");

const PushInput = z.object({
  key: CredentialKey,
  fields: FieldValues,
  targets: z.array(z.object({ scope: z.enum(["organization", "project", "user"]), project: Slug.optional() })).optional(),
});

type Exited = { code: number; stdout: string; stderr: string };

const MESSAGE_LIMIT = 2000;

/** The end of what the CLI printed: where a CLI puts the reason it failed. */
function tail(text: string): string {
  const lines = text.trim().split(/\r?\n/).filter((l) => l.trim() !== "");
  const joined = lines.slice(-20).join("\n");
  return joined.length > MESSAGE_LIMIT ? `…${joined.slice(-MESSAGE_LIMIT)}` : joined;
}

function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
}

function display(args: string[]): string {
  return `\`keystroke ${args.join(" ")}\``;
}

/** Names no one else uses, so a value cannot be confused with (or leak into) an existing variable. */
function generatedEnvNames(count: number, env: NodeJS.ProcessEnv): string[] {
  const names = new Set<string>();
  while (names.size < count) {
    const name = `KS_SECRET_${randomBytes(8).toString("hex").toUpperCase()}`;
    if (env[name] === undefined) names.add(name);
  }
  return [...names];
}

export class KeystrokeCloud {
  private cache: Snapshot | null = null;

  constructor(private readonly options: CloudOptions) {}

  private get env(): NodeJS.ProcessEnv {
    return this.options.env ?? process.env;
  }

  private get targeting(): Targeting {
    return this.options.targeting ?? {};
  }

  private timeout(op: keyof CloudTimeouts, call: CallOptions | undefined): number {
    return call?.timeoutMs ?? this.options.timeouts?.[op] ?? DEFAULT_TIMEOUTS[op];
  }

  locate(): CloudResult<CliLocation> {
    return locateCli({ root: this.options.root, cliPath: this.options.cliPath, cliPathOrigin: this.options.cliPathOrigin, env: this.env });
  }

  /** The last successful listing, or null before the first one (or after `invalidate`). */
  get cachedSnapshot(): Snapshot | null {
    return this.cache;
  }

  invalidate(): void {
    this.cache = null;
  }

  /** Runs the CLI and maps everything except an exit status: that is the operation's to judge. */
  private async run(
    args: string[],
    timeoutMs: number,
    call: CallOptions | undefined,
    extra: { env?: Record<string, string>; secrets?: string[]; onLine?: DeployRequest["onLine"]; interactive?: boolean } = {},
  ): Promise<CloudResult<Exited>> {
    const located = this.locate();
    if (!located.ok) return located;
    const outcome = await runCli({
      cli: located.value.path,
      args,
      cwd: this.options.root,
      env: { ...this.env, ...extra.env },
      secrets: extra.secrets,
      timeoutMs,
      signal: call?.signal,
      onLine: extra.onLine,
      onProgress: call?.onProgress,
      progressIntervalMs: this.options.progressIntervalMs,
      killGraceMs: this.options.killGraceMs,
      stdio: extra.interactive ? "inherit" : "pipe",
    });
    switch (outcome.kind) {
      case "exited":
        return success({ code: outcome.code, stdout: outcome.stdout, stderr: outcome.stderr });
      case "cancelled":
        return failure("cancelled", `${display(args)} was cancelled.`);
      case "timeout":
        return failure(
          "timeout",
          `${display(args)} did not finish within ${duration(timeoutMs)} and was stopped; check your network connection, or raise the timeout.`,
        );
      case "spawn-failed":
        if (outcome.code === "ENOENT" || outcome.code === "EACCES")
          return failure("cli-not-found", `The keystroke CLI at ${located.value.path} could not be started (${outcome.code}); ${installHint(this.options.cliPathOrigin)}.`);
        return failure("exit", `${display(args)} could not be started: ${outcome.message}`);
    }
  }

  /** A non-zero exit, read for the two failures users can fix with one command. */
  private failed<T>(args: string[], exited: Exited, secrets: string[] = []): CloudResult<T> {
    const reported = jsonErrorMessage(exited.stdout);
    const said = redact([exited.stderr, reported ?? ""].join("\n"), secrets);
    const cls = classifyFailure(said);
    const detail = tail(reported ?? (exited.stderr.trim() !== "" ? exited.stderr : exited.stdout));
    const cliSaid = detail !== "" ? ` The CLI said: ${redact(detail, secrets)}` : "";
    if (cls === "not-logged-in") return failure("not-logged-in", `The keystroke CLI is not logged in; ${LOGIN_HINT}.${cliSaid}`);
    if (cls === "not-linked")
      return failure("not-linked", `This folder is not linked to a Keystroke project; ${LINK_HINT} in ${this.options.root}.${cliSaid}`);
    return failure("exit", `${display(args)} failed (exit ${exited.code}).${cliSaid}`);
  }

  /** `keystroke auth status`: logged in or not, as whom, with which organizations. */
  async authStatus(call?: CallOptions): Promise<CloudResult<AuthStatus>> {
    const args = authStatusArgs();
    const ran = await this.run(args, this.timeout("auth", call), call);
    if (!ran.ok) return ran;
    const status = parseAuthStatus(ran.value.code, ran.value.stdout, ran.value.stderr);
    return status ? success(status) : this.failed(args, ran.value);
  }

  /** The last listing, without running the CLI; null before the first successful one. */
  cachedListing(): Snapshot | null {
    return this.cache;
  }

  /** `keystroke credentials list` as a snapshot; from the cache unless `refresh` (or nothing cached). */
  async listCloud(call?: CallOptions & { refresh?: boolean }): Promise<CloudResult<Snapshot>> {
    if (this.cache && !call?.refresh) return success(this.cache);
    const args = listArgs(this.targeting);
    const ran = await this.run(args, this.timeout("list", call), call);
    if (!ran.ok) return ran;
    if (ran.value.code !== EXIT_SUCCESS) return this.failed(args, ran.value);
    const parsed = parseCredentialList(ran.value.stdout, {
      fetchedAt: new Date().toISOString(),
      context: { ...this.options.config, ...this.targeting },
    });
    if (!parsed.ok)
      return failure(
        "bad-output",
        `Could not read the output of ${display(args)}: ${parsed.reason}. The CLI's output format may have changed; update the CLI or this extension.`,
      );
    this.cache = parsed.snapshot;
    return success(parsed.snapshot);
  }

  /** The push targets with their projects filled in, or why they cannot be pushed to; runs nothing. */
  resolveTargets(inputs: PushTargetInput[] | undefined): CloudResult<PushTarget[]> {
    const targets: PushTarget[] = [];
    const seen = new Set<string>();
    for (const input of inputs && inputs.length > 0 ? inputs : [{ scope: "organization" as const }]) {
      let target: PushTarget;
      if (input.scope === "project") {
        const project = input.project ?? this.targeting.project ?? this.options.config?.project;
        if (!project)
          return failure("not-linked", `A project credential needs a project: pass one, or ${LINK_HINT} in ${this.options.root}.`);
        target = { scope: "project", project };
      } else target = { scope: input.scope };
      const id = target.scope === "project" ? `project:${target.project}` : target.scope;
      if (!seen.has(id)) targets.push(target);
      seen.add(id);
    }
    return success(targets);
  }

  /** Validates a push and gives every value a generated variable name. */
  private prepare(request: { key: string; fields: Record<string, string>; targets?: PushTargetInput[] }) {
    const parsed = PushInput.safeParse(request);
    // describeZodError names paths and rules, never the offending values.
    if (!parsed.success) return failure<never>("invalid-request", `Cannot push "${request.key}": ${describeZodError(parsed.error)}.`);
    const entries = Object.entries(parsed.data.fields);
    const names = generatedEnvNames(entries.length, this.env);
    const refs: EnvReference[] = entries.map(([field], i) => ({ field, envVar: names[i]! }));
    const env = Object.fromEntries(entries.map(([, value], i) => [names[i]!, value]));
    return success({ key: parsed.data.key, refs, env, secrets: entries.map(([, value]) => value) });
  }

  /**
   * `keystroke credentials set <key> --set f=@env:V ... --scope ...`, fanned out to every target in
   * one call; on success the cloud is re-listed and the cache refreshed.
   */
  async push(request: PushRequest, call?: CallOptions): Promise<CloudResult<PushResult>> {
    const prepared = this.prepare(request);
    if (!prepared.ok) return prepared;
    const targets = this.resolveTargets(request.targets);
    if (!targets.ok) return targets;
    const { key, refs, env, secrets } = prepared.value;
    const args = setArgs(key, refs, targets.value, this.targeting);
    const ran = await this.run(args, this.timeout("push", call), call, { env, secrets });
    // Dropped even after a failure: part of a fan-out may have landed.
    this.invalidate();
    if (!ran.ok) return ran;
    if (ran.value.code !== EXIT_SUCCESS) return this.failed(args, ran.value, secrets);
    const cloud = await this.listCloud({ refresh: true, signal: call?.signal });
    return success({ key, targets: targets.value, cloud });
  }

  /** `keystroke --local credentials set <key> --set ...`: the store of the CLI's own `keystroke dev`. */
  async pushLocal(request: { key: string; fields: Record<string, string> }, call?: CallOptions): Promise<CloudResult<{ key: string }>> {
    const prepared = this.prepare(request);
    if (!prepared.ok) return prepared;
    const { key, refs, env, secrets } = prepared.value;
    const args = localSetArgs(key, refs);
    const ran = await this.run(args, this.timeout("push", call), call, { env, secrets });
    if (!ran.ok) return ran;
    if (ran.value.code !== EXIT_SUCCESS) return this.failed(args, ran.value, secrets);
    return success({ key });
  }

  /** The argv of `keystroke connect <slug>`; it is interactive, so the caller runs it in a terminal. */
  connect(slug: string): CloudResult<CliCommand> {
    const valid = Slug.safeParse(slug);
    if (!valid.success) return failure("invalid-request", `Cannot connect "${slug}": ${describeZodError(valid.error)}.`);
    const located = this.locate();
    if (!located.ok) return located;
    return success({ command: located.value.path, args: connectArgs(valid.data, this.targeting), cwd: this.options.root });
  }

  /** Runs `keystroke connect <slug>` on this process's terminal (for the command line). */
  async runConnect(slug: string, call?: CallOptions): Promise<CloudResult<void>> {
    const command = this.connect(slug);
    if (!command.ok) return command;
    // The web flow waits on the user: no timeout unless the caller sets one.
    const ran = await this.run(command.value.args, call?.timeoutMs ?? 0, call, { interactive: true });
    if (!ran.ok) return ran;
    return ran.value.code === EXIT_SUCCESS ? success(undefined) : this.failed(command.value.args, ran.value);
  }

  /**
   * `keystroke connect <slug>` with its output streamed (VS Code's pseudoterminal shows it and
   * offers the URLs it prints). No timeout: the web flow waits on the person; cancel with `signal`.
   */
  async connectStreaming(slug: string, request: Pick<DeployRequest, "signal" | "onLine"> = {}): Promise<CloudResult<{ exitCode: number }>> {
    const command = this.connect(slug);
    if (!command.ok) return command;
    const ran = await this.run(command.value.args, 0, request, { onLine: request.onLine });
    if (!ran.ok) return ran;
    return ran.value.code === EXIT_SUCCESS ? success({ exitCode: ran.value.code }) : this.failed(command.value.args, ran.value);
  }

  /** `keystroke deploy [--filter path]`, streaming its output; cancel with `signal`. */
  async deploy(request: DeployRequest = {}): Promise<CloudResult<{ exitCode: number }>> {
    let filter: string | undefined;
    if (request.filter !== undefined) {
      const valid = DeployFilter.safeParse(request.filter);
      if (!valid.success) return failure("invalid-request", `Cannot deploy "${request.filter}": ${describeZodError(valid.error)}.`);
      filter = valid.data;
    }
    const args = deployArgs(filter, this.targeting);
    const ran = await this.run(args, this.timeout("deploy", request), request, { onLine: request.onLine });
    if (!ran.ok) return ran;
    return ran.value.code === EXIT_SUCCESS ? success({ exitCode: ran.value.code }) : this.failed(args, ran.value);
  }
}
