// `keystroke-credentials cloud <list|push|snapshot|status|connect|deploy>`: the cloud adapter from
// the command line, plus the `live` cloud source of `check --cloud live`. Secret values for
// `push` come from named environment variables or a masked prompt, never from argv.
import { describeTarget } from "../../core/push-preview";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";
import type { ProjectContext } from "../../core/analysis";
import { Scope, type Snapshot } from "../../core/schema";
import { readProjectContext } from "../../devserver/project";
import { KeystrokeCloud, targetingFor, type CloudResult, type PushTargetInput } from "../../cloud";
import { EXIT_OK, EXIT_USAGE, InputError, UsageError, parseFlags, projectRootFlag, type CliIO, type Command } from "../command";
import { registerSnapshotSource } from "../targets";

/** A cloud operation that ran and failed (not logged in, timeout, ...): distinct from usage errors. */
const EXIT_CLOUD_FAILED = 1;

const USAGE = `Usage: keystroke-credentials cloud <subcommand> [options]

Reach the Keystroke cloud through the official \`keystroke\` CLI (its login, its targeting).

Subcommands:
  list [--format text|json]        list the cloud credentials of the current organization/project
  snapshot --out FILE              write the cloud listing as a snapshot for check --cloud-snapshot
  push <key> --set FIELD=@env:VAR  store a credential in the cloud (repeat --set per field)
       [--scope organization|project|user]... [--project SLUG]... [--local]
  status                           show whether the keystroke CLI is logged in, and as whom
  connect <slug>                   run \`keystroke connect <slug>\` (opens the web flow)
  deploy [--filter PATH]           run \`keystroke deploy\`, streaming its output (Ctrl-C cancels)

Options for every subcommand:
  --root DIR                       project root; the CLI runs there (default: current directory)
  --organization SLUG              target this organization instead of keystroke.config.ts's
  --cli PATH                       the keystroke executable (default: $KEYSTROKE_CLI, PATH,
                                   then node_modules/.bin/keystroke)
  --timeout SECONDS                give up on the CLI after this long
  -h, --help                       show this help

push:
  --set FIELD=@env:VAR   the value of FIELD is read from environment variable VAR
  --set FIELD            the value of FIELD is asked for (masked) on the terminal
                         (--set FIELD=VALUE is refused: argv is visible to other processes)
  --scope SCOPE          organization (default), project or user; repeat to fan out
  --project SLUG         a project target; repeat for several (implies --scope project)
  --local                store in the keystroke CLI's own local store (keystroke --local)

list, snapshot, connect, deploy:
  --project SLUG         target this project instead of keystroke.config.ts's

Exit status: 0 success, 1 the cloud operation failed, 2 usage or input error.
`;

const COMMON = {
  root: { type: "string" },
  organization: { type: "string" },
  project: { type: "string", multiple: true, default: [] as string[] },
  cli: { type: "string" },
  timeout: { type: "string" },
} satisfies ParseArgsConfig["options"];

const SUBCOMMANDS = ["list", "snapshot", "push", "status", "connect", "deploy"] as const;
type Subcommand = (typeof SUBCOMMANDS)[number];

function nonEmpty(flag: string, value: string | undefined): string | undefined {
  if (value !== undefined && value.trim() === "") throw new UsageError(`--${flag} needs a non-empty value`);
  return value?.trim();
}

function parseTimeout(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new UsageError(`--timeout takes a number of seconds, not "${value}"`);
  return Math.round(seconds * 1000);
}

/** Ctrl-C cancels the running CLI (it runs in its own process group, so the terminal's SIGINT misses it). */
function cancelOnInterrupt(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once("SIGINT", onSigint);
  return { signal: controller.signal, dispose: () => process.off("SIGINT", onSigint) };
}

function report<T>(result: CloudResult<T>, io: CliIO): result is { ok: true; value: T } {
  if (!result.ok) io.stderr(`keystroke-credentials cloud: ${result.error.message}\n`);
  return result.ok;
}

/** A refused argument (a slug, key or filter the adapter rejects) is a usage error, like a bad flag. */
function failedExit(result: Extract<CloudResult<unknown>, { ok: false }>): number {
  return result.error.kind === "invalid-request" ? EXIT_USAGE : EXIT_CLOUD_FAILED;
}

function formatListing(snapshot: Snapshot): string {
  const where = [snapshot.organization && `organization ${snapshot.organization}`, snapshot.project && `project ${snapshot.project}`]
    .filter(Boolean)
    .join(", ");
  const head = `Cloud credentials${where ? ` (${where})` : ""}, fetched ${snapshot.fetchedAt ?? "now"}:`;
  if (snapshot.credentials.length === 0) return `${head}\n  (none)\n`;
  const rows = snapshot.credentials.map((c) => [
    c.key,
    c.scope === "project" && c.project ? `project ${c.project}` : c.scope,
    [c.default ? "default" : "", c.name ? `"${c.name}"` : ""].filter(Boolean).join(" "),
    c.fields === undefined ? "(fields unknown)" : c.fields.length === 0 ? "(no fields)" : c.fields.join(", "),
  ]);
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
  const lines = rows.map((r) => `  ${r.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]!) : cell)).join("  ")}`.trimEnd());
  return `${head}\n${lines.join("\n")}\n`;
}

/** Reads one `--set` flag's value: from the named variable, or a masked prompt; never from argv. */
async function fieldValue(set: string, io: CliIO): Promise<[string, string]> {
  const eq = set.indexOf("=");
  const field = eq === -1 ? set : set.slice(0, eq);
  if (field === "") throw new UsageError(`--set needs FIELD=@env:VAR or FIELD, not "${eq === -1 ? set : "=…"}"`);
  if (eq === -1) {
    const value = await promptSecret(`Value for ${field}`);
    if (value === null)
      throw new InputError(`no value for ${field}: not on a terminal, so it cannot be asked for; pass --set ${field}=@env:VAR instead`);
    if (value === "") throw new InputError(`no value entered for ${field}`);
    return [field, value];
  }
  const ref = set.slice(eq + 1);
  if (!ref.startsWith("@env:"))
    // The literal is not echoed: it is probably the secret itself.
    throw new InputError(
      `refusing a value for ${field} on the command line (argv is visible to other processes and kept in shell history); put it in an environment variable and pass --set ${field}=@env:VAR, or pass --set ${field} to be asked for it`,
    );
  const name = ref.slice("@env:".length);
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new UsageError(`--set ${field}=@env:${name}: not a valid environment variable name`);
  const value = io.env[name];
  if (value === undefined || value === "") throw new InputError(`environment variable ${name} (for ${field}) is not set or empty`);
  return [field, value];
}

/** Reads a line from the terminal without echoing it; null when stdin is not a terminal. */
function promptSecret(label: string): Promise<string | null> {
  const stdin = process.stdin;
  if (!stdin.isTTY) return Promise.resolve(null);
  return new Promise((resolve) => {
    let value = "";
    const done = (result: string | null) => {
      stdin.off("data", onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write("\n");
      resolve(result);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === "\r" || ch === "\n") return done(value);
        if (ch === "\u0003") return done(null); // Ctrl-C
        if (ch === "\u007f" || ch === "\b") {
          if (value !== "") {
            value = value.slice(0, -1);
            process.stderr.write("\b \b");
          }
        } else if (ch >= " ") {
          value += ch;
          process.stderr.write("*");
        }
      }
    };
    // Echo off before the prompt shows: keys typed (or pasted) the moment it appears must not
    // reach the screen in clear.
    stdin.setRawMode(true);
    stdin.setEncoding("utf8");
    stdin.resume();
    stdin.on("data", onData);
    process.stderr.write(`${label}: `);
  });
}

/** `--scope`/`--project` of push → targets: each --project is a project target. */
function pushTargets(scopes: string[], projects: string[]): PushTargetInput[] {
  const targets: PushTargetInput[] = [];
  let projectScope = false;
  for (const raw of scopes) {
    const scope = raw === "org" ? "organization" : raw;
    const parsed = Scope.safeParse(scope);
    if (!parsed.success) throw new UsageError(`--scope must be organization, project or user, not "${raw}"`);
    if (parsed.data === "project") projectScope = true;
    else targets.push({ scope: parsed.data });
  }
  if (projects.length > 0) for (const project of projects) targets.push({ scope: "project", project });
  else if (projectScope) targets.push({ scope: "project" });
  return targets;
}

async function adapterFor(values: { root?: string; organization?: string; project?: string[]; cli?: string; timeout?: string }, io: CliIO, opts: { projectIsTarget: boolean }) {
  const root = projectRootFlag(io.cwd, values.root);
  const config = await readProjectContext(root);
  const context: ProjectContext = { ...config };
  const organization = nonEmpty("organization", values.organization);
  if (organization) context.organization = organization;
  const projects = (values.project ?? []).map((p) => nonEmpty("project", p)!);
  if (!opts.projectIsTarget) {
    if (projects.length > 1) throw new UsageError("give --project once");
    if (projects[0]) context.project = projects[0];
  }
  const timeoutMs = parseTimeout(values.timeout);
  const cloud = new KeystrokeCloud({
    root,
    env: io.env,
    // Errors name our flag, not the editor's setting.
    cliPathOrigin: "--cli",
    ...(values.cli ? { cliPath: path.resolve(io.cwd, values.cli) } : {}),
    targeting: targetingFor(context, config),
    config,
    ...(timeoutMs ? { timeouts: { auth: timeoutMs, list: timeoutMs, push: timeoutMs, deploy: timeoutMs } } : {}),
  });
  return cloud;
}

async function listWithProgress(cloud: KeystrokeCloud, io: CliIO): Promise<CloudResult<Snapshot>> {
  const interrupt = cancelOnInterrupt();
  let announced = 0;
  try {
    return await cloud.listCloud({
      signal: interrupt.signal,
      // Only a silent wait of a few seconds is worth a word, and only on a terminal.
      onProgress: ({ elapsedMs, lastLine }) => {
        if (!process.stderr.isTTY || elapsedMs - announced < 3000) return;
        announced = elapsedMs;
        io.stderr(`waiting for \`keystroke credentials list\` (${Math.round(elapsedMs / 1000)} s)${lastLine ? `: ${lastLine}` : ""}…\n`);
      },
    });
  } finally {
    interrupt.dispose();
  }
}

const run: Record<Subcommand, (argv: string[], io: CliIO) => Promise<number>> = {
  async list(argv, io) {
    const { values } = parseFlags(argv, { ...COMMON, format: { type: "string", default: "text" } });
    if (values.format !== "text" && values.format !== "json") throw new UsageError(`--format must be text or json, not "${values.format}"`);
    const cloud = await adapterFor(values, io, { projectIsTarget: false });
    const listing = await listWithProgress(cloud, io);
    if (!report(listing, io)) return failedExit(listing);
    io.stdout(values.format === "json" ? `${JSON.stringify(listing.value, null, 2)}\n` : formatListing(listing.value));
    return EXIT_OK;
  },

  async snapshot(argv, io) {
    const { values } = parseFlags(argv, { ...COMMON, out: { type: "string" } });
    if (!values.out) throw new UsageError("give --out FILE");
    const cloud = await adapterFor(values, io, { projectIsTarget: false });
    const listing = await listWithProgress(cloud, io);
    if (!report(listing, io)) return failedExit(listing);
    const out = path.resolve(io.cwd, values.out);
    try {
      writeFileSync(out, `${JSON.stringify(listing.value, null, 2)}\n`);
    } catch (error) {
      throw new InputError(`cannot write ${out}: ${(error as Error).message}`);
    }
    io.stderr(`wrote ${listing.value.credentials.length} cloud credential(s) to ${out}\n`);
    return EXIT_OK;
  },

  async push(argv, io) {
    const { values, positionals } = parseFlagsWithPositionals(argv, {
      ...COMMON,
      set: { type: "string", multiple: true, default: [] as string[] },
      scope: { type: "string", multiple: true, default: [] as string[] },
      local: { type: "boolean", default: false },
    });
    const [key, ...extra] = positionals;
    if (!key) throw new UsageError("give the credential key: cloud push <key> --set FIELD=@env:VAR");
    // Not echoed: a stray argument may well be a value.
    if (extra.length > 0) throw new UsageError("push takes one key; values never go on the command line (use --set FIELD=@env:VAR)");
    if (values.set.length === 0) throw new UsageError("give at least one --set FIELD=@env:VAR");
    if (values.local && (values.scope.length > 0 || values.project.length > 0)) throw new UsageError("--local takes no --scope or --project");
    const targets = pushTargets(values.scope, values.project);
    const cloud = await adapterFor(values, io, { projectIsTarget: true });
    const fields: Record<string, string> = {};
    for (const set of values.set) {
      const [field, value] = await fieldValue(set, io);
      fields[field] = value;
    }
    const interrupt = cancelOnInterrupt();
    try {
      if (values.local) {
        const pushed = await cloud.pushLocal({ key, fields }, { signal: interrupt.signal });
        if (!report(pushed, io)) return failedExit(pushed);
        io.stdout(`Stored ${key} (${Object.keys(fields).join(", ")}) in the keystroke CLI's local store.\n`);
        return EXIT_OK;
      }
      const pushed = await cloud.push({ key, fields, targets }, { signal: interrupt.signal });
      if (!report(pushed, io)) return failedExit(pushed);
      const where = pushed.value.targets.map(describeTarget).join(", ");
      io.stdout(`Pushed ${key} (${Object.keys(fields).join(", ")}) to ${where}.\n`);
      if (!pushed.value.cloud.ok) io.stderr(`note: could not re-read the cloud afterwards: ${pushed.value.cloud.error.message}\n`);
      return EXIT_OK;
    } finally {
      interrupt.dispose();
    }
  },

  async status(argv, io) {
    const { values } = parseFlags(argv, COMMON);
    const cloud = await adapterFor(values, io, { projectIsTarget: false });
    const status = await cloud.authStatus();
    if (!report(status, io)) return failedExit(status);
    const s = status.value;
    if (!s.loggedIn) {
      io.stdout(`Not logged in: run \`keystroke auth login\`.\n`);
      return EXIT_CLOUD_FAILED;
    }
    const who = s.user ? ` as ${s.user}` : "";
    const orgs = s.organizations.length > 0 ? ` (organizations: ${s.organizations.join(", ")})` : "";
    io.stdout(`Logged in${who}${orgs}.${!who && !orgs && s.detail ? ` ${s.detail}` : ""}\n`);
    return EXIT_OK;
  },

  async connect(argv, io) {
    const { values, positionals } = parseFlagsWithPositionals(argv, COMMON);
    if (positionals.length !== 1) throw new UsageError("give one app slug: cloud connect <slug>");
    const cloud = await adapterFor(values, io, { projectIsTarget: false });
    const interrupt = cancelOnInterrupt();
    try {
      const connected = await cloud.runConnect(positionals[0]!, { signal: interrupt.signal });
      return report(connected, io) ? EXIT_OK : failedExit(connected);
    } finally {
      interrupt.dispose();
    }
  },

  async deploy(argv, io) {
    const { values } = parseFlags(argv, { ...COMMON, filter: { type: "string" } });
    const cloud = await adapterFor(values, io, { projectIsTarget: false });
    const interrupt = cancelOnInterrupt();
    try {
      const deployed = await cloud.deploy({
        ...(values.filter !== undefined ? { filter: values.filter } : {}),
        signal: interrupt.signal,
        onLine: (line, stream) => (stream === "stdout" ? io.stdout : io.stderr)(`${line}\n`),
      });
      return report(deployed, io) ? EXIT_OK : failedExit(deployed);
    } finally {
      interrupt.dispose();
    }
  },
};

/** Like parseFlags, but keeps positionals (the key of push, the slug of connect). */
function parseFlagsWithPositionals<O extends NonNullable<ParseArgsConfig["options"]>>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export const cloudCommand: Command = {
  summary: "list, snapshot and push cloud credentials through the keystroke CLI; connect; deploy",
  usage: USAGE,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    if (sub === undefined || sub === "--help" || sub === "-h" || sub === "help") {
      (sub === undefined ? io.stderr : io.stdout)(USAGE);
      return sub === undefined ? EXIT_USAGE : EXIT_OK;
    }
    if (!(SUBCOMMANDS as readonly string[]).includes(sub)) throw new UsageError(`unknown subcommand "${sub}"`);
    if (rest.includes("--help") || rest.includes("-h")) {
      io.stdout(USAGE);
      return EXIT_OK;
    }
    return run[sub as Subcommand](rest, io);
  },
};

// `check --cloud live`: the cloud target read through the adapter. A failed listing leaves the
// cloud "not checked" with the adapter's reason (printed in the summary), never an error exit.
registerSnapshotSource("cloud", "live", async ({ root, context, io, cli }) => {
  const config = await readProjectContext(root);
  const cliPath = cli !== undefined ? { cliPath: path.resolve(io.cwd, cli) } : {};
  const cloud = new KeystrokeCloud({ root, env: io.env, cliPathOrigin: "--cli", ...cliPath, targeting: targetingFor(context, config), config });
  const listing = await listWithProgress(cloud, io);
  if (!listing.ok) return { unchecked: listing.error.message };
  return { snapshot: listing.value, source: "the live cloud (keystroke credentials list)" };
});
