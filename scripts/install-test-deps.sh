#!/bin/bash
# Installs what module-verify's real-kernel harness (docs/kernel-harness.md) needs beyond the JDK:
# mkfs.xfs (Debian/Ubuntu package xfsprogs), losetup and mount (util-linux / mount) and gcc.
# Run as root on a Debian-like machine. Installs only what is missing; exits 0 when all is there.
set -euo pipefail
if [ "$(id -u)" != 0 ]; then
    echo "install-test-deps.sh: must run as root (apt-get install)" >&2
    exit 1
fi
missing=()
have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || [ -x "/sbin/$1" ]; }
have mkfs.xfs || missing+=(xfsprogs)
have losetup || missing+=(util-linux)
have mount || missing+=(mount)
have gcc || missing+=(gcc libc6-dev)
if [ ${#missing[@]} -eq 0 ]; then
    echo "install-test-deps.sh: nothing to install"
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-test-deps.sh: no apt-get; install by hand: ${missing[*]}" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "install-test-deps.sh: installed ${missing[*]}"
