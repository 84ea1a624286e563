// `request_credential`: asks the person (not the model) for a missing credential. The dev server
// opens a single-use page for exactly one write of one key at one scope (credential-requests.ts);
// the person is sent there by URL-mode elicitation, or, for a client without it, by a link in the
// tool's result, which is why that link grants nothing else and expires in minutes. Values go
// from the page to the dev server and the keychain; this process never sees them.
import { randomUUID } from "node:crypto";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import type { CallToolResult, ServerNotification, ServerRequest } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { EntryMetadata, entryMetadata } from "../core/agent-tools";
import { planCredentialRequest } from "../core/credential-request-plan";
import { Scope, type CredentialRequestState } from "../core/schema";
import type { DevServerClient } from "../devserver/client";
import type { Analyse } from "./server";
import type { DevServerLink } from "./dev-server";
import { failure, NO_VALUES, refusal, result } from "./results";

/** How long one call waits for the person before answering "pending" (clients time out at 60 s). */
export const WAIT_BUDGET_MS = 45_000;
/** One long-poll round of the dev server (each ends with a progress notification): a quarter of the budget, 1 to 10 s. */
function roundSeconds(budgetMs: number): number {
  return Math.min(10, Math.max(1, Math.floor(budgetMs / 4000)));
}

export const RequestInput = z.object({
  key: z.string().optional().describe("The credential key, as in defineCredential({ key })"),
  scope: Scope.optional().describe("Where to store it; default: the scope the code's requirements need"),
  project: z.string().optional().describe("For the project scope: the project slug (default: keystroke.config.ts's)"),
  requestId: z.string().optional().describe("Instead: the id of an earlier request, to learn how it ended"),
});

const Status = z.enum(["stored", "declined", "cancelled", "pending", "timed_out"]);
export const RequestOutput = z.object({
  status: Status,
  requestId: z.string(),
  key: z.string(),
  scope: Scope,
  expiresAt: z.string(),
  /** Only when the person must be given the link (the client cannot open it by itself). */
  url: z.string().optional(),
  entry: EntryMetadata.optional(),
  message: z.string(),
});
type RequestOutput = z.infer<typeof RequestOutput>;

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

const TERMINAL: Record<CredentialRequestState["state"], z.infer<typeof Status>> = { pending: "pending", stored: "stored", cancelled: "cancelled", expired: "timed_out" };

/** The tool's answer for a request's state; a declined or cancelled elicitation names its own status. */
function outcome(state: CredentialRequestState, options: { status?: z.infer<typeof Status>; url?: string; message?: string } = {}): RequestOutput {
  const status = options.status ?? TERMINAL[state.state];
  const messages: Record<z.infer<typeof Status>, string> = {
    stored: `The person stored "${state.key}" (${state.scope}) in the local store. It now resolves locally; call credentials_status to see every target.`,
    declined: `The person declined to give "${state.key}". Do not ask again unless they say so.`,
    cancelled: `The request for "${state.key}" was cancelled; nothing was stored.`,
    pending: `Waiting for the person to fill in the form for "${state.key}". Call request_credential with requestId "${state.id}" later to learn the outcome.`,
    timed_out: `The request for "${state.key}" expired before the person filled it in; nothing was stored. Ask again if they still want to.`,
  };
  return {
    status,
    requestId: state.id,
    key: state.key,
    scope: state.scope,
    expiresAt: state.expiresAt,
    ...(state.entry ? { entry: entryMetadata(state.entry) } : {}),
    ...(options.url !== undefined ? { url: options.url } : {}),
    message: options.message ?? messages[status],
  };
}

/** Waits for the request to settle (long polls, each followed by a progress notification), up to the budget. */
async function awaitOutcome(client: DevServerClient, id: string, extra: Extra, budgetMs: number): Promise<CredentialRequestState> {
  const started = Date.now();
  const token = extra._meta?.progressToken;
  for (let round = 1; ; round++) {
    const left = budgetMs - (Date.now() - started);
    const state = await client.requestState(id, Math.max(0, Math.min(roundSeconds(budgetMs), Math.floor(left / 1000))));
    if (state.state !== "pending" || left <= 1000 || extra.signal.aborted) return state;
    if (token !== undefined) {
      await extra.sendNotification({ method: "notifications/progress", params: { progressToken: token, progress: round, message: `waiting for the person to store "${state.key}"` } });
    }
  }
}

export function registerRequestCredential(server: McpServer, analyse: Analyse, devServer: DevServerLink, budgetMs = WAIT_BUDGET_MS): void {
  server.registerTool(
    "request_credential",
    {
      title: "Ask the person for a missing credential",
      description:
        "Asks the person to type a missing credential into a single-use page of the local Keystroke dev server (MCP URL elicitation, or a link to give them). " +
        "The value goes from that page to the OS keychain and never to you: NEVER ask the person to paste a secret into the chat, and never pass one to any tool. " +
        `Answers stored, declined, cancelled, pending (call again with requestId) or timed_out. ${NO_VALUES}`,
      inputSchema: RequestInput,
      outputSchema: RequestOutput,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    },
    async (input, extra): Promise<CallToolResult> => {
      try {
        const client = await devServer.client();
        if (input.requestId !== undefined) {
          const out = outcome(await awaitOutcome(client, input.requestId, extra, budgetMs));
          return result(out, out.message);
        }
        if (input.key === undefined) return refusal("give the credential key (or the requestId of an earlier request)");
        const { model } = await analyse();
        const planned = planCredentialRequest(model, { key: input.key, ...(input.scope ? { scope: input.scope } : {}), ...(input.project ? { project: input.project } : {}) });
        if (!planned.ok) return refusal(planned.message);
        const { plan } = planned;
        const peer = server.server.getClientVersion();
        const requester = peer?.title ?? peer?.name ?? "A coding agent";
        const created = await client.createRequest({ key: plan.key, scope: plan.scope, ...(plan.project !== undefined ? { project: plan.project } : {}), kind: plan.kind, fields: plan.fields, requester });
        const where = plan.scope === "project" ? `project ${plan.project}` : `the ${plan.scope} scope`;
        const message = `Store the credential "${plan.key}" (${plan.fields.map((f) => f.name).join(", ")}) for ${where} in your local Keystroke store. The page opens once and works for ${Math.round(created.validForSeconds / 60)} minutes.`;

        if (server.server.getClientCapabilities()?.elicitation?.url === undefined) {
          const state = await client.requestState(created.id);
          const out = outcome(state, {
            url: created.url,
            message: `Give the person this link and ask them to store "${plan.key}" there: ${created.url} (it opens one form for this one credential, once, for ${Math.round(created.validForSeconds / 60)} minutes). Do not open it yourself. Then call request_credential with requestId "${created.id}".`,
          });
          return result(out, out.message);
        }
        const elicitationId = randomUUID();
        let answer;
        try {
          answer = await server.server.elicitInput({ mode: "url", message, url: created.url, elicitationId }, { signal: extra.signal });
        } catch (error) {
          await client.cancelRequest(created.id).catch(() => undefined);
          throw error;
        }
        if (answer.action !== "accept") {
          const out = outcome(await client.cancelRequest(created.id), { status: answer.action === "decline" ? "declined" : "cancelled" });
          return result(out, out.message);
        }
        const state = await awaitOutcome(client, created.id, extra, budgetMs);
        if (state.state === "stored") await server.server.createElicitationCompletionNotifier(elicitationId)();
        const out = outcome(state);
        return result(out, out.message);
      } catch (error) {
        return failure(error, "Nothing was stored:");
      }
    },
  );
}
