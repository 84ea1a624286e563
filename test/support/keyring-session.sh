#!/usr/bin/env bash
# Starts a private D-Bus session with a fresh, unlocked gnome-keyring (its data in a temporary
# folder), then runs the given command in it. Without dbus-run-session or gnome-keyring the
# command runs as it is and keychain tests report the Secret Service as unavailable.
set -euo pipefail
export KEYSTROKE_TEST_SESSION=1
if [ -z "${KEYSTROKE_INSIDE_DBUS:-}" ]; then
  if command -v dbus-run-session >/dev/null && command -v gnome-keyring-daemon >/dev/null; then
    export KEYSTROKE_INSIDE_DBUS=1
    exec dbus-run-session -- bash "$0" "$@"
  fi
  echo "keyring-session: dbus-run-session or gnome-keyring-daemon not found; keychain tests will see no Secret Service" >&2
  exec "$@"
fi
keyring_home=$(mktemp -d)
watcher=""
trap '[ -n "$watcher" ] && kill "$watcher" 2>/dev/null; rm -rf "$keyring_home"' EXIT
export XDG_DATA_HOME="$keyring_home/data" XDG_RUNTIME_DIR="$keyring_home/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
eval "$(printf 'keystroke-test' | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null)"
eval "$(gnome-keyring-daemon --start --components=secrets 2>/dev/null)"
export GNOME_KEYRING_CONTROL

# The pid of whoever serves the Secret Service on this bus.
secrets_pid() {
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus.GetConnectionUnixProcessID string:org.freedesktop.secrets 2>/dev/null | awk '/uint32/ { print $2 }'
}
# gnome-keyring-daemon can die under load (seen once in the four-stores stress test). D-Bus then
# starts a fresh one on the next call with the keyring locked, and every later keychain test
# would fail with it. So when it exits it is started again, unlocked: `tail --pid` waits for the
# exit itself (no polling).
if command -v dbus-send >/dev/null && command -v tail >/dev/null; then
  (
    while pid=$(secrets_pid) && [ -n "$pid" ]; do
      tail --pid="$pid" -f /dev/null
      echo "keyring-session: gnome-keyring-daemon (pid $pid) exited; starting it again, unlocked" >&2
      printf 'keystroke-test' | gnome-keyring-daemon --replace --unlock --components=secrets >/dev/null 2>&1 || exit 0
    done
  ) &
  watcher=$!
fi
"$@"
