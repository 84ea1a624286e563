// Test-only extension: the end-to-end suite runs "LM Probe: Invoke Language Model Tool", types
// `{ "name": …, "input": … }`, and reads what vscode.lm.invokeTool answered from LM_PROBE_OUT.
// It calls the tools exactly as agent mode does, outside a chat (no invocation token), so VS Code
// shows a tool's confirmation as a dialog.
const fs = require("node:fs");
const vscode = require("vscode");

exports.activate = (context) => {
  context.subscriptions.push(
    vscode.commands.registerCommand("lmProbe.invoke", async () => {
      const request = await vscode.window.showInputBox({ title: "LM Probe", prompt: 'JSON: { "name": tool, "input": {…} }', ignoreFocusOut: true });
      if (!request) return;
      let answer;
      try {
        const { name, input } = JSON.parse(request);
        const listed = vscode.lm.tools.map((t) => t.name);
        const result = await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined }, new vscode.CancellationTokenSource().token);
        answer = { ok: true, listed, texts: result.content.map((part) => part.value) };
      } catch (error) {
        answer = { ok: false, error: String((error && error.message) || error) };
      }
      const out = process.env.LM_PROBE_OUT;
      fs.writeFileSync(`${out}.tmp`, JSON.stringify(answer));
      fs.renameSync(`${out}.tmp`, out);
    }),
  );
};
