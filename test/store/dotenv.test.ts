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

test("an unclosed quote in a body at the 60 KB limit parses in linear time (it once took seconds)", () => {
  // The dev server parses on its event loop: a quadratic rescan per line stalled every request.
  const content = `A="${"x\n".repeat(29_000)}`;
  const started = performance.now();
  const { values, invalidLines } = parseDotenv(content);
  const elapsed = performance.now() - started;
  assert.equal(values.has("A"), false);
  assert.equal(invalidLines[0], 1);
  assert.ok(elapsed < 500, `took ${elapsed.toFixed(0)} ms`);
});

test("a backslash at a line's end inside double quotes escapes only the newline", () => {
  const { values } = parseDotenv('A="one\\\ntwo \\"q\\""\nB=2');
  assert.equal(values.get("A"), 'one\\\ntwo "q"');
  assert.equal(values.get("B"), "2");
});

test("a 1 MB hostile line of spaces parses (once quadratic: 59,000 spaces blocked the server for seconds)", () => {
  const spaces = " ".repeat(1_000_000);
  const { values, invalidLines } = parseDotenv(`A=x${spaces}y${spaces}# c\nB=${spaces}\n${spaces}\nC${spaces}=${spaces}z${spaces}`);
  assert.equal(values.get("A"), `x${spaces}y`);
  assert.equal(values.get("B"), "");
  assert.equal(values.get("C"), "z");
  assert.deepEqual(invalidLines, []);
});

test("a lone carriage return is reported as such; U+2028 and U+2029 are kept as ordinary characters", () => {
  const lone = parseDotenv("A=one\rB=two\nC=three");
  assert.deepEqual(lone.loneCarriageReturns, [1]);
  assert.equal(lone.values.has("A"), false, "no value is guessed from a line with a lone CR");
  assert.equal(lone.values.get("C"), "three");
  const separators = parseDotenv("A=left\u2028right\nB=\"p\u2029q\"");
  assert.equal(separators.values.get("A"), "left\u2028right");
  assert.equal(separators.values.get("B"), "p\u2029q");
  assert.deepEqual(separators.invalidLines, []);
});
