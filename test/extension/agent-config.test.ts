// "Set Up Coding Agents…": the MCP entry it writes (node from PATH, else VS Code's binary as
// Node) and how it merges into a configuration the person already has: other servers kept, ours
// added or updated, nothing rewritten when the file is not such JSON.
import test from "node:test";
import assert from "node:assert/strict";
import { findNode, mergeServer, serverEntry, SERVER_NAME } from "../../extension/flows/agent-config";

const CLI = "/ext/dist/cli.js";

test("the entry runs the bundled CLI in the project, with a node from PATH or VS Code's binary as Node", () => {
  assert.deepEqual(serverEntry({ cli: CLI, root: "/p", nodeOnPath: "/usr/bin/node", editorBinary: "/opt/code/code" }), { command: "/usr/bin/node", args: [CLI, "mcp", "--root", "/p"] });
  assert.deepEqual(serverEntry({ cli: CLI, root: "/p", nodeOnPath: null, editorBinary: "/opt/code/code" }), { command: "/opt/code/code", args: [CLI, "mcp", "--root", "/p"], env: { ELECTRON_RUN_AS_NODE: "1" } });
  assert.equal(findNode("/a:/b", (f) => f === "/b/node", "linux"), "/b/node");
  assert.equal(findNode("/a::/b", () => false, "linux"), null);
  assert.equal(findNode(undefined, () => true, "linux"), null);
  assert.equal(findNode("C:\\Tools;C:\\Node", (f) => f === "C:\\Node\\node.exe", "win32"), "C:\\Node\\node.exe");
});

test("merging keeps other servers, adds ours, says when it would replace ours, and leaves broken files alone", () => {
  const entry = serverEntry({ cli: CLI, root: "/p", nodeOnPath: "/usr/bin/node", editorBinary: "x" });
  const created = mergeServer(null, entry);
  assert.equal(created.kind, "created");
  assert.deepEqual(JSON.parse((created as { text: string }).text), { mcpServers: { [SERVER_NAME]: entry } });

  const theirs = JSON.stringify({ mcpServers: { github: { command: "gh-mcp" } }, other: true });
  const added = mergeServer(theirs, entry);
  assert.equal(added.kind, "added");
  assert.deepEqual(JSON.parse((added as { text: string }).text), { mcpServers: { github: { command: "gh-mcp" }, [SERVER_NAME]: entry }, other: true });

  assert.equal(mergeServer((added as { text: string }).text, entry).kind, "unchanged");
  const moved = mergeServer((added as { text: string }).text, { ...entry, args: ["/new/cli.js", "mcp"] });
  assert.equal(moved.kind, "updated");
  assert.deepEqual((moved as { previous: unknown }).previous, entry);

  for (const broken of ["{ not json", "[]", JSON.stringify({ mcpServers: [] })]) assert.equal(mergeServer(broken, entry).kind, "invalid", broken);
});
