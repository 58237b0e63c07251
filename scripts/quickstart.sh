#!/bin/sh
# The README's first command: install what is missing (Debian 12), build,
# and run the main job (`niche demo`) on the embedded SQLite default.
set -eu
cd "$(dirname "$0")/.."
scripts/install-deps.sh
make demo
