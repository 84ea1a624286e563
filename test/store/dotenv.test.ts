// The pure .env parser behind POST /import/dotenv.
import test from "node:test";
import assert from "node:assert/strict";
import { parseDotenv } from "../../server/store/dotenv";

test("parses plain, exported, quoted and commented lines", () => {
  const { values, invalidLines } = parseDotenv(
    [
      "\uFEFF# a comment",
      "PLAIN=value",
      "export EXPORTED=yes",
      "  SPACED  =  padded value  ",
      "TRAILING=abc # comment",
      "HASH=abc#not-a-comment",
      "SINGLE='lit $x \\n # kept'",
      'DOUBLE="a\\nb \\"q\\" # kept"',
      'MULTI="line1',
      'line2"',
      "EMPTY=",
      "not an assignment",
      "PLAIN=later wins",
    ].join("\r\n"),
  );
  assert.equal(values.get("PLAIN"), "later wins");
  assert.equal(values.get("EXPORTED"), "yes");
  assert.equal(values.get("SPACED"), "padded value");
  assert.equal(values.get("TRAILING"), "abc");
  assert.equal(values.get("HASH"), "abc#not-a-comment");
  assert.equal(values.get("SINGLE"), "lit $x \\n # kept");
  assert.equal(values.get("DOUBLE"), 'a\nb "q" # kept');
  assert.equal(values.get("MULTI"), "line1\nline2");
  assert.equal(values.get("EMPTY"), "");
  assert.deepEqual(invalidLines, [12]);
});

test("an unclosed quote makes that line invalid without swallowing the rest", () => {
  const { values, invalidLines } = parseDotenv('BROKEN="never closed\nNEXT=1');
  assert.equal(values.has("BROKEN"), false);
  assert.equal(values.get("NEXT"), "1");
  assert.deepEqual(invalidLines, [1]);
});
