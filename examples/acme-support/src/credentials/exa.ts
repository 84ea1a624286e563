import { defineCredential } from "@keystrokehq/keystroke/credentials";
import { z } from "zod";

/** Exa web search. */
export const exa = defineCredential({
  key: "exa",
  fields: { apiKey: z.string().min(1) },
});
