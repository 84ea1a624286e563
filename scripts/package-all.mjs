// `npm run package:all`: one VSIX per platform that @napi-rs/keyring ships a binary for and VS Code
// supports, each carrying exactly its own binary. `vsce --target` only stamps the platform and
// packs whatever binaries .vscodeignore lets through, so each target gets a staged tree: the files
// `vsce ls` lists for this checkout minus this machine's binary, plus the target's binary package,
// fetched from the registry at the version the lockfile pins and checked against its integrity.
// Usage: node scripts/package-all.mjs [--out DIR] [--target T]...   (after `npm run build`)
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
const VSCE = path.join(root, "node_modules/.bin", process.platform === "win32" ? "vsce.cmd" : "vsce");

/** VS Code's target → the @napi-rs/keyring binary package built for it. */
const TARGETS = {
  "win32-x64": "win32-x64-msvc",
  "win32-arm64": "win32-arm64-msvc",
  "darwin-x64": "darwin-x64",
  "darwin-arm64": "darwin-arm64",
  "linux-x64": "linux-x64-gnu",
  "linux-arm64": "linux-arm64-gnu",
  "linux-armhf": "linux-arm-gnueabihf",
  "alpine-x64": "linux-x64-musl",
  "alpine-arm64": "linux-arm64-musl",
};

const { values } = parseArgs({ options: { out: { type: "string", default: root }, target: { type: "string", multiple: true, default: [] } } });
const out = path.resolve(values.out);
const targets = values.target.length > 0 ? values.target : Object.keys(TARGETS);
for (const t of targets) if (!(t in TARGETS)) fail(`unknown target ${t} (known: ${Object.keys(TARGETS).join(", ")})`);
for (const bundle of ["dist/extension.js", "dist/server.js", "dist/devserver.js"]) if (!existsSync(path.join(root, bundle))) fail(`${bundle} is missing: run \`npm run build\` first`);

const manifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
const lock = JSON.parse(readFileSync(path.join(root, "package-lock.json"), "utf8"));
const cache = path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "keystroke-keyring-binaries");
mkdirSync(cache, { recursive: true });
mkdirSync(out, { recursive: true });

// What the VSIX holds, as vsce itself decides from .vscodeignore; any platform's binary left out.
const listed = execFileSync(VSCE, ["ls"], { cwd: root, encoding: "utf8" })
  .split("\n")
  .map((l) => l.trim())
  .filter((l) => l !== "" && !l.startsWith("node_modules/@napi-rs/keyring-"));

for (const target of targets) {
  const name = `@napi-rs/keyring-${TARGETS[target]}`;
  const tarball = binaryTarball(name);
  const stage = mkdtempSync(path.join(os.tmpdir(), `ks-vsix-${target}-`));
  try {
    for (const file of [...listed, ".vscodeignore"]) cpSync(path.join(root, file), path.join(stage, file));
    const into = path.join(stage, "node_modules", name);
    mkdirSync(into, { recursive: true });
    execFileSync("tar", ["-xzf", tarball, "-C", into, "--strip-components=1"]);
    const file = path.join(out, `${manifest.name}-${manifest.version}@${target}.vsix`);
    execFileSync(VSCE, ["package", "--target", target, "--allow-missing-repository", "-o", file], { cwd: stage, stdio: ["ignore", "ignore", "inherit"] });
    console.log(`${path.relative(process.cwd(), file) || file}  (${name})`);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

/** The binary package's tarball at the lockfile's version, from the cache or the registry; integrity checked every time. */
function binaryTarball(name) {
  const locked = lock.packages?.[`node_modules/${name}`];
  if (!locked?.version || !locked?.integrity) fail(`package-lock.json pins no version and integrity for ${name}`);
  const file = path.join(cache, `${name.replace("@", "").replace("/", "-")}-${locked.version}.tgz`);
  if (!existsSync(file)) {
    const work = mkdtempSync(path.join(cache, ".work-"));
    try {
      execFileSync(NPM, ["pack", `${name}@${locked.version}`, "--silent", "--pack-destination", work], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
      const [packed] = readdirSync(work).filter((f) => f.endsWith(".tgz"));
      if (!packed) fail(`npm pack ${name}@${locked.version} produced no tarball`);
      checkIntegrity(path.join(work, packed), locked.integrity, name);
      cpSync(path.join(work, packed), file);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
  checkIntegrity(file, locked.integrity, name);
  return file;
}

function checkIntegrity(file, integrity, name) {
  const [algorithm, expected] = integrity.split("-", 2);
  const actual = createHash(algorithm).update(readFileSync(file)).digest("base64");
  if (actual !== expected) {
    rmSync(file, { force: true });
    fail(`${name}: the tarball's ${algorithm} is ${actual}, the lockfile pins ${expected}; removed it, run again`);
  }
}

function fail(message) {
  console.error(`package:all: ${message}`);
  process.exit(1);
}
