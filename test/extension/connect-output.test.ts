// The addresses `keystroke connect` prints are offered with Open: http(s) only, without the
// sentence's punctuation.
import test from "node:test";
import assert from "node:assert/strict";
import { httpUrls } from "../../extension/flows/connect-output";

test("http(s) URLs only, trailing punctuation dropped", () => {
  assert.deepEqual(httpUrls("Open https://keystroke.ai/acme/connect/slack to finish."), ["https://keystroke.ai/acme/connect/slack"]);
  assert.deepEqual(httpUrls("(see http://localhost:3000/cb?x=1)."), ["http://localhost:3000/cb?x=1"]);
  assert.deepEqual(httpUrls("file:///etc/passwd javascript:alert(1) vscode://x ftp://y"), []);
  assert.deepEqual(httpUrls("nothing here"), []);
});
