import { defineAction } from "@keystrokehq/keystroke/action";
import { z } from "zod";
import * as creds from "../credentials/index.js";

export const answerTicket = defineAction({
  slug: "answer-ticket",
  name: "Answer a Zendesk ticket",
  description: "Drafts a reply with OpenAI and posts it as an internal note.",
  input: z.object({ ticketId: z.number() }),
  output: z.object({ noteId: z.number() }),
  // The OpenAI key is billed per project, so it is pinned to the project's credential.
  credentials: [creds.zendesk, creds.openai.scope("project")] as const,
  async run({ ticketId }, { zendesk, openai }) {
    const base = `https://${zendesk.subdomain}.zendesk.com/api/v2`;
    const draft = await fetch(`${openai.baseUrl}/responses`, {
      method: "POST",
      headers: { authorization: `Bearer ${openai.apiKey}` },
      body: JSON.stringify({ model: "gpt-4.1-mini", input: `Reply to ticket ${ticketId}` }),
    });
    const text = ((await draft.json()) as { output_text: string }).output_text;
    const note = await fetch(`${base}/tickets/${ticketId}`, {
      method: "PUT",
      headers: { authorization: `Bearer ${zendesk.apiToken}` },
      body: JSON.stringify({ ticket: { comment: { body: text, public: false } } }),
    });
    return { noteId: ((await note.json()) as { audit: { id: number } }).audit.id };
  },
});
