import { defineAgent } from "@keystrokehq/keystroke/agent";
import { answerTicket } from "../actions/answer-ticket";
import { fileIssue } from "../actions/file-issue";
import { searchWeb } from "../actions/search-web";

// Agents get credentials through the actions they call as tools.
export default defineAgent({
  slug: "support-agent",
  name: "Support agent",
  description: "Answers tickets, searching the web and filing issues when needed.",
  model: "openai/gpt-4.1",
  tools: [searchWeb, answerTicket, fileIssue],
  instructions: "Be concise and cite sources.",
});
