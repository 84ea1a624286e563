import { defineApp } from "@keystrokehq/keystroke/app";
import { defineCredential } from "@keystrokehq/keystroke/credentials";
import { z } from "zod";

// Several actions share this app's credential, declared inline.
export const acmeCrm = defineApp({
  slug: "acme-crm",
  name: "Acme CRM",
  credentials: [
    defineCredential({
      key: "acme-crm",
      fields: { apiKey: z.string(), region: z.enum(["eu", "us"]).default("eu") },
    }),
  ],
});
