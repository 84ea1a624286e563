import { defineCredential } from "@keystrokehq/keystroke/credentials";

// Native OAuth: the platform stores the token after `keystroke connect slack`.
export const slack = defineCredential({ key: "slack", kind: "oauth" });

// Hosted catalog app, routed through Keystroke's MCP layer.
export const notion = defineCredential({ key: "notion", kind: "keystroke" });
