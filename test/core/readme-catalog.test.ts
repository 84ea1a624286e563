// Every diagnostic links to README.md#ksNNN: each code needs its section there, under the same
// title as the catalog, or the link in the editor lands nowhere.
import test from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { FINDING_CODES } from "../../server/core/schema";
import { CATALOG, helpAnchor } from "../../server/core/findings/catalog";

const readme = readFileSync(path.join(process.cwd(), "README.md"), "utf8");

test("the README has a section per finding code, titled as in the catalog", () => {
  for (const code of FINDING_CODES) {
    assert.equal(helpAnchor(code), `#${code.toLowerCase()}`);
    const heading = readme.indexOf(`\n### ${code}\n`);
    assert.ok(heading >= 0, `README.md has no "### ${code}" section`);
    const body = readme.slice(heading, heading + 600).toLowerCase();
    assert.ok(body.includes(`**${CATALOG[code].title.toLowerCase()}**`), `README's ${code} section is not titled "${CATALOG[code].title}"`);
    assert.ok(body.includes(`(${CATALOG[code].severity})`), `README's ${code} section does not say "${CATALOG[code].severity}"`);
  }
});
