// The Model Context Protocol server for coding agents outside VS Code (Claude Code, Cursor…), on
// the official SDK. The read-only tools report what the editor shows, per requirement and per
// target (tools.ts); in a trusted project two more get a credential from the person and push it
// (request-credential.ts, push-credential.ts). No tool ever holds a secret value. A tool that
// cannot read the project answers with an error result that says why, never with a guess.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { VERSION } from "../core/version";
import { formatJson } from "../cli/format/json";
import type { CheckReport } from "../cli/format/report";
import type { ProjectModel, TargetInputs } from "../core/analysis";
import { plural } from "../core/plural";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { DevServerLink } from "./dev-server";
import { registerPushCredential } from "./push-credential";
import { registerRequestCredential } from "./request-credential";
import { failure, NO_VALUES, refusal, result } from "./results";
import { z } from "zod";
import { requirementStatuses } from "../core/analysis";
import { credentialsStatus, explainCredential, ExplainInput, ExplainOutput, explainSummary, StatusInput, StatusOutput, statusSummary, type TargetSummaries } from "../core/agent-tools";
import { TARGETS, type Target } from "../core/schema";

/** Reads the project and its targets afresh for one tool call. */
export type Analyse = () => Promise<{ report: CheckReport; model: ProjectModel; inputs: TargetInputs }>;

const READ_ONLY = { readOnlyHint: true, openWorldHint: false };

/** The check tool's output: `check --format json` version 2. */
const Line = z.number().int().min(1);
export const CheckOutput = z.object({
  version: z.literal(2),
  diagnostics: z.array(
    z.object({ file: z.string(), line: Line, column: Line, endLine: Line, endColumn: Line, severity: z.string(), code: z.string(), message: z.string(), credential: z.string().nullable(), target: z.string().nullable() }),
  ),
  targets: z.record(z.string(), z.object({ state: z.string() }).passthrough()),
  summary: z.record(z.string(), z.number()),
  skipped: z.array(z.object({ file: z.string(), reason: z.string() })),
  exitCode: z.number().int(),
});

function targetSummaries(report: CheckReport): TargetSummaries {
  const one = (t: Target) => {
    const r = report.targets[t];
    return r.checked ? { state: "checked" as const, source: r.source, at: r.at } : { state: "unchecked" as const, reason: r.reason, at: r.at };
  };
  return Object.fromEntries(TARGETS.map((t) => [t, one(t)])) as TargetSummaries;
}

/** `devServer` is given in a trusted project only: without it just the read-only tools exist. */
export function createMcpServer(analyse: Analyse, options: { devServer?: DevServerLink; waitBudgetMs?: number } = {}): McpServer {
  const server = new McpServer({ name: "keystroke-credentials", version: VERSION });
  /** A tool body on a fresh reading of the project; a project that cannot be read is "not checked". */
  const analysed =
    <I>(body: (analysis: Awaited<ReturnType<Analyse>>, input: I) => CallToolResult) =>
    async (input: I): Promise<CallToolResult> => {
      try {
        return body(await analyse(), input);
      } catch (error) {
        return failure(error);
      }
    };

  server.registerTool(
    "credentials_status",
    {
      title: "Credential requirements and where they resolve",
      description: `Every credential requirement of the Keystroke project (file, line, action, key, pin) with its status in the local store and in the cloud: resolves (scope, entry), missing (finding code, message, the fix), or not checked (why, since when). Check this before connecting or creating credentials. ${NO_VALUES}`,
      inputSchema: StatusInput,
      outputSchema: StatusOutput,
      annotations: READ_ONLY,
    },
    analysed(({ model, inputs, report }, input: z.infer<typeof StatusInput>) => {
      const out = credentialsStatus(requirementStatuses(model, inputs), targetSummaries(report), input);
      return result(out, statusSummary(out));
    }),
  );

  server.registerTool(
    "explain_credential",
    {
      title: "Explain one credential",
      description: `For a credential key, or the requirement at a file and line: its definitions (kind, fields, where), every action that requires it with the resolution per target, and what the platform will do at run time. ${NO_VALUES}`,
      inputSchema: ExplainInput,
      outputSchema: ExplainOutput,
      annotations: READ_ONLY,
    },
    analysed(({ model, inputs, report }, input: z.infer<typeof ExplainInput>) => {
      const out = explainCredential(model.definitions, requirementStatuses(model, inputs), targetSummaries(report), input);
      if ("error" in out) return refusal(out.error);
      return result(out, explainSummary(out));
    }),
  );

  server.registerTool(
    "check",
    {
      title: "Run the CI check",
      description: `The findings of \`keystroke-credentials check --format json\` (version 2) for the project: missing credentials per target, authoring mistakes, environment reads and pasted keys in deployed code. ${NO_VALUES}`,
      inputSchema: {},
      outputSchema: CheckOutput,
      annotations: READ_ONLY,
    },
    analysed(({ report }) => {
      const body = JSON.parse(formatJson(report)) as Record<string, unknown> & { summary: { errors: number; warnings: number } };
      return result(body, `${plural(body.summary.errors, "error")}, ${plural(body.summary.warnings, "warning")}; exit status ${report.exitCode}.`);
    }),
  );
  if (options.devServer !== undefined) {
    registerRequestCredential(server, analyse, options.devServer, options.waitBudgetMs);
    registerPushCredential(server, options.devServer);
  }
  return server;
}
