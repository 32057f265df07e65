#!/bin/sh
# deps.sh — installs the Debian 12 packages rtrans needs, only those missing.
set -e
PKGS="llvm-19-dev clang-19 libclang-rt-19-dev flex bison libcmocka-dev libgc-dev python3 graphviz hyperfine pypy3 lua5.4 luajit chromium"
missing=""
for p in $PKGS; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
    missing="$missing $p"
  fi
done
[ -z "$missing" ] && exit 0
echo "deps: installing:$missing" >&2
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo
$SUDO apt-get update -q >&2
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends $missing >&2
