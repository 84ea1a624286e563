// `npm run package:all` (scripts/package-all.mjs over the built dist/): nine VSIXes, each holding
// exactly one keychain binary whose format, architecture, C library and float ABI match its
// target, and otherwise identical but for the manifest's TargetPlatform. The binaries come from
// the registry at the lockfile's versions, integrity checked (cached in ~/.cache after the first run).
import test from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import yauzl from "yauzl";
import { readBinaryFormat, type BinaryFormat } from "../support/binary-format";
import { tempDirs } from "../support/temp-dirs";

const REPO = process.cwd();
const temp = tempDirs("ks-vsix-all-");
const version = (JSON.parse(readFileSync(path.join(REPO, "package.json"), "utf8")) as { version: string }).version;

/** What each target's binary must be (independent of the script's own table). */
const EXPECTED: Record<string, BinaryFormat> = {
  "win32-x64": { format: "pe", machine: "x64" },
  "win32-arm64": { format: "pe", machine: "arm64" },
  "darwin-x64": { format: "mach-o", machine: "x64" },
  "darwin-arm64": { format: "mach-o", machine: "arm64" },
  "linux-x64": { format: "elf", bits: 64, machine: "x64", hardFloat: false, libc: "glibc", needed: [] },
  "linux-arm64": { format: "elf", bits: 64, machine: "arm64", hardFloat: false, libc: "glibc", needed: [] },
  "linux-armhf": { format: "elf", bits: 32, machine: "arm", hardFloat: true, libc: "glibc", needed: [] },
  "alpine-x64": { format: "elf", bits: 64, machine: "x64", hardFloat: false, libc: "musl", needed: [] },
  "alpine-arm64": { format: "elf", bits: 64, machine: "arm64", hardFloat: false, libc: "musl", needed: [] },
};

function readZip(file: string): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error ?? new Error(`cannot open ${file}`));
      const entries = new Map<string, Buffer>();
      zip.on("entry", (entry: yauzl.Entry) => {
        if (entry.fileName.endsWith("/")) return zip.readEntry();
        zip.openReadStream(entry, (err, stream) => {
          if (err || !stream) return reject(err ?? new Error(entry.fileName));
          const chunks: Buffer[] = [];
          stream.on("data", (c: Buffer) => chunks.push(c));
          stream.on("end", () => {
            entries.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on("end", () => resolve(entries));
      zip.on("error", reject);
      zip.readEntry();
    });
  });
}

const isBinaryPackage = (name: string) => name.startsWith("extension/node_modules/@napi-rs/keyring-");
const digest = (b: Buffer) => createHash("sha256").update(b).digest("hex");

test("package:all builds nine platform VSIXes, each with exactly its own keychain binary, identical otherwise", { timeout: 600_000 }, async () => {
  const out = temp();
  const run = spawnSync(process.execPath, [path.join(REPO, "scripts/package-all.mjs"), "--out", out], { cwd: REPO, encoding: "utf8", timeout: 600_000 });
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(readdirSync(out).sort(), Object.keys(EXPECTED).map((t) => `keystroke-credentials-${version}@${t}.vsix`).sort());

  let reference: { target: string; rest: Map<string, string> } | null = null;
  for (const [target, expected] of Object.entries(EXPECTED)) {
    const entries = await readZip(path.join(out, `keystroke-credentials-${version}@${target}.vsix`));
    const binaries = [...entries.keys()].filter((n) => n.endsWith(".node"));
    assert.equal(binaries.length, 1, `${target}: ${binaries.join(", ")}`);
    assert.ok(isBinaryPackage(binaries[0]!), binaries[0]);
    const format = readBinaryFormat(entries.get(binaries[0]!)!);
    assert.deepEqual(format.format === "elf" ? { ...format, needed: [] } : format, expected, `${target}: ${binaries[0]}`);

    const vsixManifest = entries.get("extension.vsixmanifest")!.toString("utf8");
    assert.match(vsixManifest, new RegExp(`TargetPlatform="${target}"`));
    // Everything but the binary's package and the TargetPlatform stamp is byte for byte the same.
    const rest = new Map<string, string>();
    for (const [name, bytes] of entries) {
      if (isBinaryPackage(name)) continue;
      rest.set(name, name === "extension.vsixmanifest" ? digest(Buffer.from(vsixManifest.replace(/ TargetPlatform="[^"]*"/, ""))) : digest(bytes));
    }
    assert.ok(rest.has("extension/dist/devserver.js") && rest.has("extension/node_modules/@napi-rs/keyring/index.js"), [...rest.keys()].join("\n"));
    if (reference === null) reference = { target, rest };
    else assert.deepEqual(Object.fromEntries(rest), Object.fromEntries(reference.rest), `${target} differs from ${reference.target} beyond the binary and TargetPlatform`);
  }
});

test("package:all refuses an unknown target and names the known ones", () => {
  const run = spawnSync(process.execPath, [path.join(REPO, "scripts/package-all.mjs"), "--out", temp(), "--target", "linux-riscv64"], { cwd: REPO, encoding: "utf8" });
  assert.equal(run.status, 1);
  assert.match(run.stderr, /package:all: unknown target linux-riscv64 \(known: win32-x64, .*alpine-arm64\)/);
});
