import * as credentials from "@keystrokehq/keystroke/credentials";
import { z } from "zod";

export default credentials.defineCredential({
  key: "openai",
  fields: {
    apiKey: z.string(),
    organizationId: z.string().nullish(),
    baseUrl: z.string().url().default("https://api.openai.com/v1"),
  },
});
