package dev.punchspec.verify.fs;

import java.util.Map;
import java.util.TreeMap;

/**
 * The oracle of property {@code DATA_LOST}: for each byte of the file, what the completed writes
 * and mmap stores put there, in the order their data reached the page cache. A byte no write or
 * store touched is expected to be zero: every scenario starts from a sparse file.
 *
 * <p>The operations record into it in the same step (between the same two scheduling points) in
 * which their bytes land in a folio, so the oracle's order is the page cache's order even when a
 * write and a store touch the same byte.
 */
public final class ExpectedContent {

    private final Map<Long, Byte> bytes = new TreeMap<>();

    /**
     * Records that {@code src[srcOffset, srcOffset + lengthByte)} now holds at
     * {@code [posByte, posByte + lengthByte)}.
     *
     * @param posByte the file offset of the first byte, at least 0
     * @param src the data
     * @param srcOffset the first byte's index in {@code src}
     * @param lengthByte how many bytes
     * @throws IllegalArgumentException naming the value when {@code posByte} is negative
     */
    public void record(long posByte, byte[] src, int srcOffset, long lengthByte) {
        if (posByte < 0) {
            throw new IllegalArgumentException("posByte = " + posByte + ": must be >= 0");
        }
        for (int i = 0; i < lengthByte; i++) {
            bytes.put(posByte + i, src[srcOffset + i]);
        }
    }

    /**
     * @param posByte a file offset
     * @return the byte expected there: the last one recorded, else 0
     */
    public byte at(long posByte) {
        return bytes.getOrDefault(posByte, (byte) 0);
    }
}
