import { defineConfig } from "@keystrokehq/keystroke/config";

export default defineConfig({
  organization: "acme",
  project: "support-bot",
});
