// Installing on the Node these machines run (20) must not warn EBADENGINE, and what users install
// at run time must accept every Node that `engines` promises. @vscode/vsce 4.x pulled in
// @azure/identity for Node 22; 3.x with an override for it does not.
import test from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import semver from "semver";

const REPO = process.cwd();
const manifest = JSON.parse(readFileSync(path.join(REPO, "package.json"), "utf8")) as { engines: { node: string } };
type Locked = { engines?: { node?: string } | string[]; dev?: boolean };
const lock = JSON.parse(readFileSync(path.join(REPO, "package-lock.json"), "utf8")) as { packages: Record<string, Locked> };
const nodeRange = (p: Locked) => (p.engines && !Array.isArray(p.engines) ? p.engines.node : undefined);

function refusing(version: string, which: (p: Locked) => boolean): string[] {
  return Object.entries(lock.packages)
    .filter(([name, p]) => name !== "" && which(p) && nodeRange(p) !== undefined && !semver.satisfies(version, nodeRange(p)!))
    .map(([name, p]) => `${name} (node ${nodeRange(p)})`);
}

test("no locked package refuses the Node that runs here (npm ci prints no EBADENGINE)", () => {
  assert.equal(semver.major(process.versions.node), 20);
  assert.deepEqual(refusing(process.versions.node, () => true), []);
});

test("run-time packages accept the oldest Node that engines promises", () => {
  assert.deepEqual(refusing(semver.minVersion(manifest.engines.node)!.version, (p) => p.dev !== true), []);
});
