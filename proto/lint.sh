#!/usr/bin/env bash
# Lints the contracts with buf (STANDARD rules). buf comes from the npm registry
# (@bufbuild/buf ships its binary) and is installed once into proto/target/buf.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
buf_version=1.75.0
buf_home="$here/target/buf"
buf="$buf_home/node_modules/.bin/buf"
if [ ! -x "$buf" ] || [ "$("$buf" --version 2>/dev/null)" != "$buf_version" ]; then
  command -v npm >/dev/null || { echo "proto/lint.sh needs npm (Node.js) to install buf" >&2; exit 1; }
  mkdir -p "$buf_home"
  npm install --silent --no-audit --no-fund --prefix "$buf_home" "@bufbuild/buf@$buf_version" >/dev/null
fi
cd "$here"
"$buf" lint
echo "buf lint: clean ($(find src/main/proto -name '*.proto' | wc -l) files)"
