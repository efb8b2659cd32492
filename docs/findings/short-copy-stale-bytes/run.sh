#!/bin/bash
# A short buffered write over a hole leaves uninitialised bytes in the file (this directory's
# README). Runs module-verify's kernel-harness helper on a fresh XFS image (loop device) and prints
# the file's bytes as runs "bytes START END VALUE", in the page cache and after fsync + remount.
# Needs root, xfsprogs and gcc. Usage: run.sh [BLOCK_SIZE [START [LENGTH [STALL]]]]
set -euo pipefail
BS=${1:-4096}; START=${2:-0}; LEN=${3:-1500}; STALL=${4:-750}
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$HERE/../../../module-verify/src/test/c/stallwrite.c
WORK=$(mktemp -d)
MNT=$WORK/mnt
LOOP=
cleanup() {
    mountpoint -q "$MNT" && umount "$MNT"
    [ -n "$LOOP" ] && losetup -d "$LOOP"
    rm -rf "$WORK"
}
trap cleanup EXIT
gcc -O1 -Wall -pthread -o "$WORK/stallwrite" "$SRC"
mkdir "$MNT"
truncate -s 300M "$WORK/xfs.img"
mkfs.xfs -q -f -b size="$BS" "$WORK/xfs.img"
LOOP=$(losetup --find --show "$WORK/xfs.img")
mount "$LOOP" "$MNT"
# 32 KiB sparse file; 4 MiB of freed memory holding 238; pwrite(LEN bytes of 65 at START) whose
# copy faults at buffer byte STALL and then fails.
printf 'open %s\ntruncate 32768\nprime 238 4096\nstall %s %s %s 65\nfail\nreport cache\nfsync\n' \
    "$MNT/f" "$START" "$LEN" "$STALL" | "$WORK/stallwrite" | grep -E '^(pwrite|cache (stat|extent|bytes))'
umount "$MNT"
mount "$LOOP" "$MNT"
printf 'reopen %s\nreport disk\n' "$MNT/f" | "$WORK/stallwrite" | grep -E '^disk (extent|bytes)'
