// `keystroke-credentials mcp`: the Model Context Protocol server for coding agents, on stdio. It
// takes check's project and target options; each tool call reads them afresh. The writing tools
// reach the store through its dev server (attached or started), never directly.
import path from "node:path";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import type { ProjectContext } from "../../core/analysis";
import { DevServerLink } from "../../mcp/dev-server";
import { createMcpServer } from "../../mcp/server";
import { defaultStoreDir } from "../../store/paths";
import { EXIT_OK, UsageError, parseFlags, projectRootFlag, type CliIO, type Command } from "../command";
import { TARGET_FLAGS } from "../targets";
import { analyseProject } from "./check";

const USAGE = `Usage: keystroke-credentials mcp [options]

A Model Context Protocol server on stdio for coding agents (Claude Code, Cursor, …). Its tools
never return secret values: credentials_status, explain_credential and check read; in a trusted
project request_credential asks the person for a missing credential on a single-use page of the
dev server, and push_credential pushes a local one to the cloud after the person confirms. Both
attach to the store's running dev server, or start one (as serve --attach does).

Options (as for check):
  --root DIR               project root (default: the current directory)
  --local-snapshot FILE | --local-store DIR | --local NAME
  --cloud-snapshot FILE | --cloud live | --cloud NAME
  --cli PATH               the keystroke executable for --cloud live
  --project SLUG, --organization SLUG, --exclude GLOB..., --allow-env NAME...
  --untrusted              read-only tools only; never run a keystroke CLI from the project's node_modules
  --wait SECONDS           how long request_credential waits for the person before answering
                           "pending" (default 45; clients time tool calls out, often at 60)
  -h, --help               show this help
`;

export const mcpCommand: Command = {
  summary: "serve coding agents over the Model Context Protocol (stdio)",
  usage: USAGE,
  async run(argv, io) {
    const { values } = parseFlags(argv, {
      root: { type: "string" },
      ...TARGET_FLAGS,
      project: { type: "string" },
      organization: { type: "string" },
      exclude: { type: "string", multiple: true, default: [] },
      "allow-env": { type: "string", multiple: true, default: [] },
      untrusted: { type: "boolean", default: false },
      wait: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    });
    if (values.help) {
      io.stdout(USAGE);
      return EXIT_OK;
    }
    for (const flag of ["project", "organization", "cli"] as const) {
      if (values[flag] !== undefined && values[flag].trim() === "") throw new UsageError(`--${flag} needs a non-empty value`);
    }
    const wait = values.wait === undefined ? undefined : Number(values.wait);
    if (wait !== undefined && !(Number.isInteger(wait) && wait >= 1 && wait <= 600)) throw new UsageError(`--wait needs whole seconds from 1 to 600 (got ${values.wait})`);
    const root = projectRootFlag(io.cwd, values.root);
    const context: ProjectContext = {};
    if (values.project !== undefined) context.project = values.project;
    if (values.organization !== undefined) context.organization = values.organization;
    // Notes go to stderr, which the agent's client shows in its logs; stdout carries the protocol.
    const quiet: CliIO = { ...io, stdout: io.stderr, env: values.untrusted ? { ...io.env, KEYSTROKE_NO_WORKSPACE_CLI: "1" } : io.env };
    const storeDir = values["local-store"] !== undefined ? path.resolve(io.cwd, values["local-store"]) : defaultStoreDir(io.env);
    const devServer = values.untrusted ? undefined : new DevServerLink({ storeDir, root, cliEntry: __filename, log: (line) => io.stderr(`${line}\n`) });
    const server = createMcpServer(
      () => analyseProject({ root, exclude: values.exclude, context, allowedEnv: values["allow-env"], targets: values, allowUnchecked: () => false }, quiet),
      devServer !== undefined ? { devServer, ...(wait !== undefined ? { waitBudgetMs: wait * 1000 } : {}) } : {},
    );
    const transport = new StdioServerTransport();
    // The client ends our stdin, then signals: either way a dev server we started ends with us.
    const closed = new Promise<void>((resolve) => {
      transport.onclose = () => resolve();
      process.stdin.once("end", () => resolve());
      for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => resolve());
    });
    await server.connect(transport);
    await closed;
    devServer?.close();
    await server.close();
    return EXIT_OK;
  },
};
