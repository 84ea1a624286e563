import { defineCredential as credentialFor } from "@keystrokehq/keystroke/credentials";
import { z } from "zod";

export const zendesk = credentialFor({
  key: "zendesk",
  fields: {
    apiToken: z.string(),
    subdomain: z.string().regex(/^[a-z0-9-]+$/),
    agentEmail: z.string().email().optional(),
  },
});
