import { defineAction } from "@keystrokehq/keystroke/action";
import { z } from "zod";
import { exa } from "@/credentials";

export const searchWeb = defineAction({
  slug: "search-web",
  name: "Search the web",
  description: "Finds public pages that answer a customer's question.",
  input: z.object({ query: z.string() }),
  output: z.object({ urls: z.array(z.string()) }),
  credentials: [exa] as const,
  async run(input, credentials) {
    const response = await fetch("https://api.exa.ai/search", {
      method: "POST",
      headers: { "x-api-key": credentials.exa.apiKey, "content-type": "application/json" },
      body: JSON.stringify({ query: input.query, numResults: 5 }),
    });
    const body = (await response.json()) as { results: { url: string }[] };
    return { urls: body.results.map((r) => r.url) };
  },
});
