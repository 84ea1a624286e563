// The MCP configuration "Keystroke: Set Up Coding Agents…" writes for Claude Code (.mcp.json) and
// Cursor (.cursor/mcp.json): both read `{ "mcpServers": { name: { command, args, env } } }`. Pure,
// so merging into a file the person already has is unit-tested: other servers are kept, ours is
// added or updated, and a file that is not such JSON is never rewritten.
import path from "node:path";

export const SERVER_NAME = "keystroke-credentials";

export const AGENT_CONFIGS = [
  { agent: "Claude Code", file: ".mcp.json" },
  { agent: "Cursor", file: ".cursor/mcp.json" },
] as const;

export interface McpServerEntry {
  command: string;
  args: string[];
  env?: Record<string, string>;
}

/**
 * How to run the CLI bundled in the extension: with a `node` from PATH when there is one, else
 * with VS Code's own binary as Node (ELECTRON_RUN_AS_NODE=1), which every VS Code install has.
 */
export function serverEntry(options: { cli: string; root: string; nodeOnPath: string | null; editorBinary: string }): McpServerEntry {
  const args = [options.cli, "mcp", "--root", options.root];
  return options.nodeOnPath !== null ? { command: options.nodeOnPath, args } : { command: options.editorBinary, args, env: { ELECTRON_RUN_AS_NODE: "1" } };
}

/** The first `node` executable on PATH (a `node.exe` on Windows), or null. */
export function findNode(pathVariable: string | undefined, isExecutable: (file: string) => boolean, platform: NodeJS.Platform = process.platform): string | null {
  const delimiter = platform === "win32" ? ";" : ":";
  const names = platform === "win32" ? ["node.exe"] : ["node"];
  const join = platform === "win32" ? path.win32.join : path.posix.join;
  for (const dir of (pathVariable ?? "").split(delimiter)) {
    if (dir === "") continue;
    for (const name of names) if (isExecutable(join(dir, name))) return join(dir, name);
  }
  return null;
}

export type MergeResult =
  | { kind: "created" | "added" | "updated" | "unchanged"; text: string; previous?: McpServerEntry }
  | { kind: "invalid"; message: string };

/** The file's new text with our server in it; `updated` replaces an older entry of ours (the caller asks first). */
export function mergeServer(existing: string | null, entry: McpServerEntry): MergeResult {
  if (existing === null || existing.trim() === "") return { kind: "created", text: `${JSON.stringify({ mcpServers: { [SERVER_NAME]: entry } }, null, 2)}\n` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(existing);
  } catch (error) {
    return { kind: "invalid", message: `it is not valid JSON (${(error as Error).message}); fix or remove it, then run the command again` };
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return { kind: "invalid", message: "it is not a JSON object" };
  const config = parsed as { mcpServers?: unknown };
  if (config.mcpServers !== undefined && (typeof config.mcpServers !== "object" || config.mcpServers === null || Array.isArray(config.mcpServers))) {
    return { kind: "invalid", message: '"mcpServers" is not an object' };
  }
  const servers = (config.mcpServers ?? {}) as Record<string, unknown>;
  const previous = servers[SERVER_NAME] as McpServerEntry | undefined;
  if (previous !== undefined && JSON.stringify(previous) === JSON.stringify(entry)) return { kind: "unchanged", text: existing };
  const text = `${JSON.stringify({ ...config, mcpServers: { ...servers, [SERVER_NAME]: entry } }, null, 2)}\n`;
  return previous !== undefined ? { kind: "updated", text, previous } : { kind: "added", text };
}
