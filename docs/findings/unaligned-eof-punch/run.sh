#!/bin/bash
# Runs eofpunch.c on a fresh XFS image (loop device) and prints the stored byte after a remount.
# Needs root, a loop device, xfsprogs and gcc. Usage: run.sh [BLOCK_SIZE [I_SIZE [STORE_BYTE [nowrite]]]]
set -euo pipefail
BS=${1:-4096}; ISIZE=${2:-2500}; STORE=${3:-2100}; MODE=${4:-}
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d)
MNT=$WORK/mnt
cleanup() { mountpoint -q "$MNT" && umount "$MNT"; rm -rf "$WORK"; }
trap cleanup EXIT
gcc -O1 -Wall -pthread -o "$WORK/eofpunch" "$HERE/eofpunch.c"
mkdir "$MNT"
truncate -s 300M "$WORK/xfs.img"
mkfs.xfs -q -f -b size="$BS" "$WORK/xfs.img"
mount -o loop "$WORK/xfs.img" "$MNT"
"$WORK/eofpunch" "$MNT/f" "$ISIZE" "$STORE" $MODE
xfs_io -c "bmap -v" "$MNT/f"
umount "$MNT"
mount -o loop "$WORK/xfs.img" "$MNT"
echo "block size $BS, i_size $ISIZE: byte $STORE after remount = $(od -An -tu1 -j "$STORE" -N1 "$MNT/f" | tr -d ' ') (7 stored)"
