// The shapes every tool answers in: structured content with a one-line summary for the model, or
// an error result that says why (never a guess).
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { errorMessage } from "../core/error-message";

export function result(structured: Record<string, unknown>, summary: string): CallToolResult {
  return { structuredContent: structured, content: [{ type: "text", text: summary }] };
}

export function refusal(text: string): CallToolResult {
  return { isError: true, content: [{ type: "text", text }] };
}

/** A tool that could not do its work, with the reason: by default it could not read what it needs. */
export function failure(error: unknown, lead = "Not checked, because"): CallToolResult {
  return refusal(`${lead} ${errorMessage(error)}`);
}

/** Every tool's description ends with this promise. */
export const NO_VALUES = "It never returns secret values: field names, scopes and messages only.";
