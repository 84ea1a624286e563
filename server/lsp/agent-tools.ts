// The keystroke/agentTool request: VS Code's agent-mode tools read what the editor shows, from the
// server's latest analyses and targets, shaped exactly as the MCP server's tools answer.
import { CredentialToolInput, credentialsStatus, explainCredential, ExplainInput, explainSummary, StatusInput, statusSummary, type TargetSummaries } from "../core/agent-tools";
import { planCredentialRequest } from "../core/credential-request-plan";
import { AgentToolParams, TARGETS, describeZodError, type AgentToolResult, type Target } from "../core/schema";
import type { ServerView } from "./view";

/** Where each target's snapshot came from, as the tools name it. */
const SOURCES: Record<Target, string> = { local: "the local store (through the dev server)", cloud: "the cloud listing (keystroke CLI)" };

function targetSummaries(view: ServerView): TargetSummaries {
  const one = (t: Target) => {
    const { state } = view.targets.view(t);
    return state.state === "checked" ? { state: "checked" as const, source: SOURCES[t], at: state.checkedAt } : { state: "unchecked" as const, reason: state.reason, at: state.since ?? new Date().toISOString() };
  };
  return Object.fromEntries(TARGETS.map((t) => [t, one(t)])) as TargetSummaries;
}

export function answerAgentTool(view: ServerView, raw: unknown): AgentToolResult {
  const params = AgentToolParams.safeParse(raw);
  if (!params.success) return { error: describeZodError(params.error) };
  const analyses = view.analyses();
  if (analyses.length === 0) return { error: "Not checked, because no Keystroke project is open in this workspace (none has a keystroke.config.ts)." };
  const { tool, input } = params.data;
  const statuses = () => analyses.flatMap((a) => a.requirementStatuses());
  switch (tool) {
    case "credentials_status": {
      const parsed = StatusInput.safeParse(input);
      if (!parsed.success) return { error: describeZodError(parsed.error) };
      const out = credentialsStatus(statuses(), targetSummaries(view), parsed.data);
      return { structured: out, summary: statusSummary(out) };
    }
    case "explain_credential": {
      const parsed = ExplainInput.safeParse(input);
      if (!parsed.success) return { error: describeZodError(parsed.error) };
      const out = explainCredential(
        analyses.flatMap((a) => a.model.definitions),
        statuses(),
        targetSummaries(view),
        parsed.data,
      );
      return "error" in out ? out : { structured: out, summary: explainSummary(out) };
    }
    case "plan_request": {
      const parsed = CredentialToolInput.safeParse(input);
      if (!parsed.success) return { error: describeZodError(parsed.error) };
      const { key, scope, project } = parsed.data;
      // The project whose code defines or requires the key; the first one when several do.
      const owner = analyses.find((a) => a.model.definitions.some((d) => d.key === key)) ?? analyses.find((a) => a.model.requirements.some((r) => r.key === key)) ?? analyses[0]!;
      const planned = planCredentialRequest(owner.model, { key, ...(scope ? { scope } : {}), ...(project ? { project } : {}) });
      if (!planned.ok) return { error: planned.message };
      const { definition: _where, ...plan } = planned.plan;
      return { structured: plan, summary: `${key}: ${plan.fields.map((f) => f.name).join(", ")} at ${plan.scope}` };
    }
  }
}
