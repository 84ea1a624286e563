import { defineAction } from "@keystrokehq/keystroke/action";
import { z } from "zod";
import { slack } from "@/credentials/slack";

/** Posts as the person who connected Slack, so replies come from them. */
const slackAsUser = slack.scope("user");

export const notifySlack = defineAction({
  slug: "notify-slack",
  name: "Notify Slack",
  description: "Posts a message in the support channel.",
  input: z.object({ channel: z.string(), text: z.string() }),
  output: z.object({ ok: z.boolean() }),
  credentials: [slackAsUser],
  async run(input, credentials) {
    const res = await fetch("https://slack.com/api/chat.postMessage", {
      method: "POST",
      headers: { authorization: `Bearer ${credentials.slack.accessToken}` },
      body: JSON.stringify(input),
    });
    return { ok: res.ok };
  },
});
