#!/usr/bin/env bash
# Installs code-server (VS Code's workbench and extension host, from the npm registry) and the
# Node 24 it requires into a cache folder outside the repository; reused when already present.
# Needs Debian's libkrb5-dev and pkg-config for its native modules (.ci/run installs them).
set -euo pipefail
cache="${KEYSTROKE_E2E_CACHE:-$HOME/.cache/keystroke-e2e}"
version=4.139.1
if [ -x "$cache/code-server/node_modules/.bin/code-server" ] && [ -x "$cache/node24/node_modules/node/bin/node" ]; then
  echo "$cache"; exit 0
fi
mkdir -p "$cache/node24" "$cache/code-server"
( cd "$cache/node24" && [ -f package.json ] || echo '{"private":true}' > package.json; npm install --no-audit --no-fund node@24 >&2 )
export PATH="$cache/node24/node_modules/node/bin:$PATH"
( cd "$cache/code-server" && [ -f package.json ] || echo '{"private":true}' > package.json; npm install --no-audit --no-fund --foreground-scripts "code-server@$version" >&2 )
echo "$cache"
