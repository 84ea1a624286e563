// `push_credential`: pushes a stored local entry to the Keystroke cloud through the dev server's
// push route (values go from the store to the `keystroke` CLI's environment; this process never
// holds them), only after the person says yes in a form elicitation that shows the target and
// whether the cloud has the key already. A client that cannot ask gets a refusal saying how else.
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { describeTarget, pushPreview, pushQuestion } from "../core/push-preview";
import { Scope } from "../core/schema";
import type { DevServerLink } from "./dev-server";
import { failure, NO_VALUES, refusal, result } from "./results";

export const PushInput = z.object({
  key: z.string().describe("The credential key of a local entry"),
  scope: Scope.optional().describe("Which local entry, when the key is stored at several scopes"),
  project: z.string().optional().describe("For a project-scope entry: its project"),
});

export const PushOutput = z.object({
  status: z.enum(["pushed", "declined", "cancelled"]),
  key: z.string(),
  target: z.object({ scope: Scope, project: z.string().optional() }),
  /** Whether the cloud listed the key at that target before the push; null when it could not be listed. */
  cloudHadKey: z.boolean().nullable(),
  message: z.string(),
});

const NO_ELICITATION =
  "push_credential needs the person's confirmation, and this client cannot ask for it (no MCP form elicitation). Ask the person to push it themselves: in VS Code, “Keystroke: Push Credential to Cloud…”; elsewhere, the credential manager in the browser (`keystroke-credentials open`). Nothing was pushed.";

export function registerPushCredential(server: McpServer, devServer: DevServerLink): void {
  server.registerTool(
    "push_credential",
    {
      title: "Push a local credential to the Keystroke cloud",
      description: `Pushes a credential from the local store to the Keystroke cloud at the same scope, after the person confirms (they see whether the cloud already has it). Values go from the keychain to the keystroke CLI, never through you. ${NO_VALUES}`,
      inputSchema: PushInput,
      outputSchema: PushOutput,
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
    },
    async (input, extra): Promise<CallToolResult> => {
      if (server.server.getClientCapabilities()?.elicitation?.form === undefined) return refusal(NO_ELICITATION);
      try {
        const client = await devServer.client();
        const candidates = (await client.list()).filter((e) => e.key === input.key && (input.scope === undefined || e.scope === input.scope) && (input.project === undefined || e.project === input.project));
        if (candidates.length === 0) return refusal(`No local entry "${input.key}"${input.scope ? ` at the ${input.scope} scope` : ""}; store it first (request_credential), then push.`);
        if (candidates.length > 1) return refusal(`"${input.key}" is stored at ${candidates.map(describeTarget).join(" and ")}; pass scope (and project) to say which to push.`);
        const entry = candidates[0]!;
        const target = { scope: entry.scope, ...(entry.project !== undefined ? { project: entry.project } : {}) };
        const preview = pushPreview(entry.key, target, await client.cloud(true));
        const cloudHadKey = preview.kind === "unknown" ? null : preview.kind === "replace";
        const cloudLine = pushQuestion(entry.key, preview) ?? `The cloud has no “${entry.key}” at ${describeTarget(entry)}; pushing creates it.`;
        const answer = await server.server.elicitInput(
          {
            mode: "form",
            message: `Push the local credential “${entry.key}” (${describeTarget(entry)}, fields ${entry.fields.join(", ")}) to the Keystroke cloud at ${describeTarget(entry)}? ${cloudLine}`,
            requestedSchema: { type: "object", properties: { push: { type: "boolean", title: `Push “${entry.key}” to the cloud`, default: false } }, required: ["push"] },
          },
          { signal: extra.signal },
        );
        const base = { key: entry.key, target, cloudHadKey };
        if (answer.action !== "accept" || answer.content?.push !== true) {
          const status = answer.action === "cancel" ? "cancelled" : "declined";
          return result({ ...base, status, message: `The person did not confirm; nothing was pushed.` }, `Not pushed: the person ${status === "cancelled" ? "dismissed" : "declined"} the confirmation.`);
        }
        const pushed = await client.push({ id: entry.id, targets: [target] });
        return result({ ...base, status: "pushed", message: pushed.message }, `${pushed.message}.`);
      } catch (error) {
        return failure(error, "Nothing was pushed:");
      }
    },
  );
}
