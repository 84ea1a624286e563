// `keystroke-credentials mcp`: the Model Context Protocol server for coding agents, on stdio. It
// takes check's project and target options; each tool call reads them afresh.
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import type { ProjectContext } from "../../core/analysis";
import { createMcpServer } from "../../mcp/server";
import { EXIT_OK, UsageError, parseFlags, projectRootFlag, type CliIO, type Command } from "../command";
import { TARGET_FLAGS } from "../targets";
import { analyseProject } from "./check";

const USAGE = `Usage: keystroke-credentials mcp [options]

A Model Context Protocol server on stdio for coding agents (Claude Code, Cursor, …). Its tools
(credentials_status, explain_credential, check) are read-only and never return secret values.

Options (as for check):
  --root DIR               project root (default: the current directory)
  --local-snapshot FILE | --local-store DIR | --local NAME
  --cloud-snapshot FILE | --cloud live | --cloud NAME
  --cli PATH               the keystroke executable for --cloud live
  --project SLUG, --organization SLUG, --exclude GLOB..., --allow-env NAME...
  --untrusted              never run a keystroke CLI from the project's node_modules
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
      help: { type: "boolean", short: "h", default: false },
    });
    if (values.help) {
      io.stdout(USAGE);
      return EXIT_OK;
    }
    for (const flag of ["project", "organization", "cli"] as const) {
      if (values[flag] !== undefined && values[flag].trim() === "") throw new UsageError(`--${flag} needs a non-empty value`);
    }
    const root = projectRootFlag(io.cwd, values.root);
    const context: ProjectContext = {};
    if (values.project !== undefined) context.project = values.project;
    if (values.organization !== undefined) context.organization = values.organization;
    // Notes go to stderr, which the agent's client shows in its logs; stdout carries the protocol.
    const quiet: CliIO = { ...io, stdout: io.stderr, env: values.untrusted ? { ...io.env, KEYSTROKE_NO_WORKSPACE_CLI: "1" } : io.env };
    const server = createMcpServer(() =>
      analyseProject({ root, exclude: values.exclude, context, allowedEnv: values["allow-env"], targets: values, allowUnchecked: () => false }, quiet),
    );
    const transport = new StdioServerTransport();
    const closed = new Promise<void>((resolve) => (transport.onclose = () => resolve()));
    await server.connect(transport);
    await closed;
    return EXIT_OK;
  },
};
