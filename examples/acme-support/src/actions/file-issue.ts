import { defineAction } from "@keystrokehq/keystroke/action";
import { z } from "zod";
import { github, linearApi } from "@/credentials";

// The whole action uses the organization's shared connections.
export const fileIssue = defineAction({
  slug: "file-issue",
  name: "File an engineering issue",
  description: "Opens a Linear issue and links the GitHub pull request.",
  input: z.object({ title: z.string(), prUrl: z.string().url().optional() }),
  output: z.object({ issueId: z.string() }),
  credentials: [linearApi, github],
  async run(input, credentials) {
    const res = await fetch("https://api.linear.app/graphql", {
      method: "POST",
      headers: { authorization: credentials["linear"].apiKey },
      body: JSON.stringify({ query: "mutation { issueCreate(input: {}) { issue { id } } }", variables: input }),
    });
    void credentials.github;
    return { issueId: ((await res.json()) as { data: { issueCreate: { issue: { id: string } } } }).data.issueCreate.issue.id };
  },
}).scope("organization");
