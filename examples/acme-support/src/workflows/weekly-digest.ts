// @keystroke ignore:deploy
// Still being tried out locally; not shipped until the Notion page layout is settled.
import { defineAction } from "@keystrokehq/keystroke/action";
import { defineWorkflow } from "@keystrokehq/keystroke/workflow";
import { z } from "zod";
import { notion } from "@/credentials";

export const writeDigest = defineAction({
  slug: "write-digest",
  name: "Write the weekly digest",
  description: "Writes a Notion page with the week's ticket stats.",
  input: z.object({ week: z.string() }),
  output: z.object({ pageId: z.string() }),
  credentials: [notion],
  async run(input) {
    return { pageId: `digest-${input.week}` };
  },
});

export const weeklyDigest = defineWorkflow({
  slug: "weekly-digest",
  name: "Weekly digest",
  description: "Runs writeDigest every Monday.",
  input: z.object({}),
  async run() {
    await writeDigest.run({ week: new Date().toISOString().slice(0, 10) });
  },
});
