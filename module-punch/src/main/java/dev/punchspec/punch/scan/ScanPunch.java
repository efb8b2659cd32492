package dev.punchspec.punch.scan;

import dev.punchspec.lockorder.qual.LockRank;
import dev.punchspec.lockorder.qual.RunsAt;

/**
 * The filesystem's punch callback as {@code iomap_write_delalloc_scan()} (v6.1.y seed) calls it:
 * {@code punch(inode, offset, length)}, returning 0 or a negative errno (the inode is the
 * implementation's).
 *
 * <p>Specification state: two ghost bounds. {@code punchFloorByte} is where the next punch may
 * start at the earliest: the caller sets it (the scan sets it to {@code *punch_start_byte} on
 * entry), and each punch moves it to its own end. {@code punchCeilingByte} is where every punch
 * must end at the latest. So a caller that proves the precondition at every call proves its
 * punches non-empty, inside {@code [first floor, ceiling)}, ascending and disjoint. The punch
 * changes the extent map, which the scan never reads; the floor is the only state it assigns
 * that a proof of the scan sees.
 *
 * <p>Rejected alternative: a ghost log of every call as arrays of offsets and ends (measured:
 * with the log's frame conditions the scan's proof did not close within 600 s on the loaded
 * build machine; the floor states the same ordering facts without quantifiers).
 */
public interface ScanPunch {

    //@ public instance ghost long punchFloorByte;
    //@ public instance ghost long punchCeilingByte;

    /** Punches {@code [offsetByte, offsetByte + lengthByte)}; returns 0 or a negative errno. */
    /*@ public normal_behavior
      @   requires 0 <= punchFloorByte && punchFloorByte <= offsetByte && 0 < lengthByte;
      @   requires offsetByte <= punchCeilingByte - lengthByte;
      @   ensures \result <= 0;
      @   ensures punchFloorByte == offsetByte + lengthByte;
      @   assignable punchFloorByte;
      @*/
    /*@ helper @*/
    @RunsAt(LockRank.PUNCH)
    int punch(long offsetByte, long lengthByte);
}
