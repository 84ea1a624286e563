// `npm start` (after `npm run build`): the dev server on examples/acme-support with a store inside
// this checkout (.keystroke-dev-store, gitignored; never the user's real store), the manager URL,
// then the `check` summary for the example against that store. Runs until Ctrl+C.
// Extra arguments go to the server, e.g. `npm start -- --secret-backend file` or `-- --port 8787`.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const example = path.join(root, "examples/acme-support");
const storeDir = path.join(root, ".keystroke-dev-store");
const devserver = path.join(root, "dist/devserver.js");
const cli = path.join(root, "dist/cli.js");

for (const file of [devserver, cli]) {
  if (!existsSync(file)) {
    console.error(`${path.relative(root, file)} is missing: run \`npm run build\` first (npm start does it for you).`);
    process.exit(1);
  }
}

const server = spawn(process.execPath, [devserver, "--store", storeDir, "--root", example, "--attach", ...process.argv.slice(2)], {
  cwd: root,
  stdio: ["ignore", "pipe", "inherit"],
});
let output = "";
server.stdout.setEncoding("utf8");
server.stdout.on("data", (chunk) => {
  process.stdout.write(chunk);
  output += chunk;
  if (/Credential manager: http/.test(output) && !started) {
    started = true;
    void afterStart();
  }
});
let started = false;
server.on("exit", (code) => {
  if (!started) {
    console.error(`The dev server did not start (exit ${code}); see the message above.`);
    process.exit(code ?? 1);
  }
  // --attach: another server already owns the store; its URL was printed.
  if (/already owns this store/.test(output)) {
    runCheck();
    process.exit(0);
  }
  process.exit(code ?? 0);
});

async function afterStart() {
  if (/already owns this store/.test(output)) return; // handled on exit
  const health = await readHealth();
  if (health?.secretsUnavailable) {
    console.log(
      "\nThe OS keychain is not available, so setting or revealing values will fail (listing works).\n" +
        "Fix: start gnome-keyring (e.g. under `dbus-run-session`, then `gnome-keyring-daemon --unlock`),\n" +
        "or restart with `npm start -- --secret-backend file` (values in a 0600 plain file in .keystroke-dev-store).",
    );
  }
  runCheck();
  console.log("\nThe dev server keeps running; press Ctrl+C to stop it.");
  // From a checkout the CLI is not on PATH: name the command that works here.
  console.log("The link above works once, for 60 s. For another: node dist/cli.js open --store .keystroke-dev-store");
}

// The report asks the cloud the way the page does (the `keystroke` CLI, live), so the two agree
// on whether the cloud was checked: on a machine without the CLI both say "not checked" and why.
// The example's recorded cloud is one command away (printed below).
function runCheck() {
  console.log("\n$ keystroke-credentials check --root examples/acme-support --local-store .keystroke-dev-store --cloud live --allow-unchecked=cloud\n");
  const check = spawnSync(process.execPath, [cli, "check", "--root", example, "--local-store", storeDir, "--cloud", "live", "--allow-unchecked=cloud"], {
    cwd: root,
    encoding: "utf8",
  });
  process.stdout.write(check.stdout);
  process.stderr.write(check.stderr);
  console.log(`(check exited with ${check.status}: 0 = no errors, 1 = missing credentials found, 2 = usage or input error, 3 = a target asked for could not be checked)`);
  console.log("Against the example's recorded cloud instead: node dist/cli.js check --root examples/acme-support --local-store .keystroke-dev-store --cloud-snapshot examples/acme-support/.keystroke/cloud-snapshot.json");
}

function readHealth() {
  let info;
  try {
    info = JSON.parse(readFileSync(path.join(storeDir, "devserver.json"), "utf8"));
  } catch {
    return Promise.resolve(null);
  }
  return new Promise((resolve) => {
    const req = http.get({ host: "127.0.0.1", port: info.port, path: "/api/v1/health", headers: { Host: `127.0.0.1:${info.port}` } }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (body += c));
      res.on("end", () => {
        try {
          resolve(JSON.parse(body));
        } catch {
          resolve(null);
        }
      });
    });
    req.on("error", () => resolve(null));
  });
}

// Ctrl+C reaches the server too (same process group); SIGTERM from elsewhere is forwarded.
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    if (server.exitCode === null) server.kill("SIGTERM");
  });
}
