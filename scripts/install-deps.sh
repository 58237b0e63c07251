#!/bin/sh
# Installs the Debian 12 packages niche needs to build, test, fuzz and
# benchmark, and only those that are missing. Runs apt-get as root, or
# through sudo otherwise. Why each package is needed: README.md.
set -eu

PACKAGES="gcc make cmake pkg-config libsqlite3-dev libjansson-dev libcmocka-dev
libutf8proc-dev libstemmer-dev libroaring-dev libxxhash-dev sqlite3 clang libclang-rt-14-dev python3"

missing=""
for p in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
        missing="$missing $p"
    fi
done
if [ -z "$missing" ]; then
    echo "install-deps: all packages present"
    exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
else
    echo "install-deps: need root or sudo to install:$missing" >&2
    exit 1
fi
echo "install-deps: installing$missing"
$SUDO apt-get update -qq
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
