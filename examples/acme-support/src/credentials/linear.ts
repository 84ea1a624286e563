import { credential } from "@keystrokehq/keystroke/credentials";
import { z } from "zod";

export const linear = credential.static({
  key: "linear",
  fields: { apiKey: z.string() },
});

export const github = credential.oauth({ key: "github" });
