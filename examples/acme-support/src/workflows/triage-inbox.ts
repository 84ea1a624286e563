import { defineWorkflow } from "@keystrokehq/keystroke/workflow";
import { gmailFetchEmails } from "@keystrokehq/gmail/actions";
import { z } from "zod";
import { notifySlack } from "../actions/notify-slack";

export const triageInbox = defineWorkflow({
  slug: "triage-inbox",
  name: "Triage the support inbox",
  description: "Summarizes new support emails in Slack every morning.",
  input: z.object({}),
  async run(_input, ctx) {
    const emails = await gmailFetchEmails.run({ query: "label:support is:unread", maxResults: 20 });
    await ctx.step("notify", () => notifySlack.run({ channel: "#support", text: `${emails.length} new emails` }));
  },
});
