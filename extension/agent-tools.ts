// The coding agents' tools in VS Code's agent mode (the `languageModelTools` of package.json),
// backed by the running language server and dev server: the same answers as the MCP server's
// tools, which VS Code therefore does not register (every tool would appear twice). The writing
// tools exist only in a trusted workspace (their `when` clause, and checked again here); values
// are typed by the person into VS Code's own masked inputs, never into the chat.
import * as vscode from "vscode";
import { CredentialToolInput, entryMetadata } from "../server/core/agent-tools";
import { AgentToolResult, CredentialKind, RequestedField, Scope } from "../server/core/schema";
import { z } from "zod";
import { AGENT_TOOLS } from "./command-ids";
import { askFieldValues } from "./field-prompts";
import type { Services } from "./services";

const Plan = z.object({ key: z.string(), kind: CredentialKind, scope: Scope, project: z.string().optional(), fields: z.array(RequestedField) });

function text(...parts: string[]): vscode.LanguageModelToolResult {
  return new vscode.LanguageModelToolResult(parts.map((p) => new vscode.LanguageModelTextPart(p)));
}

/** A summary line, then the structured answer as JSON (what the MCP server puts in structuredContent). */
function answer(result: AgentToolResult): vscode.LanguageModelToolResult {
  return "error" in result ? text(result.error) : text(result.summary, JSON.stringify(result.structured));
}

function where(scope: Scope, project: string | undefined): string {
  return scope === "project" ? `project ${project ?? ""}` : `the ${scope} scope`;
}

export class AgentTools {
  constructor(private readonly services: Services) {}

  prepare(name: string, input: unknown): vscode.PreparedToolInvocation | undefined {
    const parsed = CredentialToolInput.safeParse(input);
    const key = parsed.success ? parsed.data.key : "a credential";
    if (name === AGENT_TOOLS.request) {
      return {
        invocationMessage: `Asking you for ${key}`,
        confirmationMessages: {
          title: `Store the credential ${key}?`,
          message: new vscode.MarkdownString(`The agent asks you to type **${key}** into VS Code's masked input. The value goes to your OS keychain through the local dev server; the agent is told only whether it was stored.`),
        },
      };
    }
    if (name === AGENT_TOOLS.push) {
      const cloud = this.services.cloud?.current();
      const listed = cloud?.snapshot?.credentials.filter((c) => c.key === key) ?? [];
      const known = cloud?.snapshot ? (listed.length > 0 ? `The cloud lists **${key}** at ${listed.map((c) => c.scope).join(", ")} already: pushing there updates it.` : `The cloud lists no **${key}** yet.`) : "The cloud listing is not loaded, so whether it has the key is not known.";
      return {
        invocationMessage: `Pushing ${key} to the Keystroke cloud`,
        confirmationMessages: { title: `Push ${key} to the Keystroke cloud?`, message: new vscode.MarkdownString(`The local entry's values go from your keychain to the \`keystroke\` CLI, never to the agent. ${known}`) },
      };
    }
    return { invocationMessage: name === AGENT_TOOLS.status ? "Reading the credential requirements" : `Explaining ${key}` };
  }

  async invoke(name: string, input: unknown): Promise<vscode.LanguageModelToolResult> {
    switch (name) {
      case AGENT_TOOLS.status:
        return answer(await this.services.lsp.agentTool({ tool: "credentials_status", input: (input ?? {}) as Record<string, unknown> }));
      case AGENT_TOOLS.explain:
        return answer(await this.services.lsp.agentTool({ tool: "explain_credential", input: (input ?? {}) as Record<string, unknown> }));
      case AGENT_TOOLS.request:
        return this.request(input);
      case AGENT_TOOLS.push:
        return this.push(input);
      default:
        return text(`Unknown tool ${name}.`);
    }
  }

  private refusal(): string | null {
    const reason = this.services.restriction;
    return reason === null ? null : `Not available: ${reason}`;
  }

  private async request(input: unknown): Promise<vscode.LanguageModelToolResult> {
    const refused = this.refusal();
    if (refused) return text(refused);
    const parsed = CredentialToolInput.safeParse(input);
    if (!parsed.success) return text("Give the credential key (and optionally scope and project); never a value.");
    const planned = await this.services.lsp.agentTool({ tool: "plan_request", input: parsed.data });
    if ("error" in planned) return text(planned.error);
    const plan = Plan.parse(planned.structured);
    const store = await this.services.store();
    const existing = (await store.list()).find((e) => e.key === plan.key && e.scope === plan.scope && (plan.scope !== "project" || e.project === plan.project));
    if (existing !== undefined) {
      const replace = await vscode.window.showWarningMessage(`Keystroke: ${existing.name} (${where(existing.scope, existing.project)}) exists in the local store. Replace its values?`, { modal: true, detail: `Fields now: ${existing.fields.join(", ")}.` }, "Replace");
      if (replace !== "Replace") return text(`The person kept the existing "${plan.key}"; nothing was changed.`, JSON.stringify({ status: "declined", key: plan.key, scope: plan.scope }));
    }
    const values = await askFieldValues(`Keystroke: ${plan.key} for ${where(plan.scope, plan.project)}`, plan.fields.map((f) => ({ name: f.name, required: !f.optional })));
    if (values === undefined) return text(`The person cancelled; nothing was stored for "${plan.key}".`, JSON.stringify({ status: "cancelled", key: plan.key, scope: plan.scope }));
    const entry = await store.put({ key: plan.key, scope: plan.scope, ...(plan.project !== undefined ? { project: plan.project } : {}), kind: plan.kind, fields: values });
    void vscode.window.showInformationMessage(`Keystroke: saved ${plan.key} (${where(plan.scope, plan.project)}) in the local store.`);
    return text(`The person stored "${plan.key}" at ${where(plan.scope, plan.project)}; it now resolves locally.`, JSON.stringify({ status: "stored", key: plan.key, scope: plan.scope, entry: entryMetadata(entry) }));
  }

  private async push(input: unknown): Promise<vscode.LanguageModelToolResult> {
    const refused = this.refusal();
    if (refused) return text(refused);
    const parsed = CredentialToolInput.safeParse(input);
    if (!parsed.success) return text("Give the credential key of a local entry (and scope when it is stored at several).");
    const { key, scope, project } = parsed.data;
    const entries = (await (await this.services.store()).list()).filter((e) => e.key === key && (scope === undefined || e.scope === scope) && (project === undefined || e.project === project));
    if (entries.length === 0) return text(`No local entry "${key}"; store it first (keystroke_request_credential), then push.`);
    if (entries.length > 1) return text(`"${key}" is stored at ${entries.map((e) => where(e.scope, e.project)).join(" and ")}; pass scope to say which to push.`);
    const entry = entries[0]!;
    const result = await this.services.pushEntry(entry, [{ scope: entry.scope, ...(entry.project !== undefined ? { project: entry.project } : {}) }]);
    if (!result.ok) return text(`Nothing was pushed: ${result.error.message}`);
    void vscode.window.showInformationMessage(`Keystroke: pushed ${key} to ${where(entry.scope, entry.project)}.`);
    return text(`Pushed "${key}" to ${where(entry.scope, entry.project)} in the Keystroke cloud.`, JSON.stringify({ status: "pushed", key, target: { scope: entry.scope, project: entry.project } }));
  }
}
