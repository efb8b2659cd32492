package dev.punchspec.verify.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * One case for the real kernel: a file on XFS with {@code blockSizeByte} blocks and 4096-byte
 * pages, operations {@code before} the write, a buffered write of {@code writeLengthByte} bytes at
 * {@code writeStartByte} whose copy stalls at byte {@code stallAtByte} of its user buffer, the
 * operations run {@code during} the stall, and how the stall ends ({@link Resolution}).
 *
 * <p>The case is a value (a record of values), and the model's prediction is computed from its
 * fields ({@link ModelPrediction#of}): every field is what the model needs to replay the same
 * schedule (the write's range, the point its copy stops, the operations placed between
 * {@code ->iomap_begin} and the copy's end, the geometry).
 *
 * <p>Every byte a case touches stays below {@link #PREALLOC_FREE_LIMIT_BYTE}: XFS's default
 * ("dynamic") speculative preallocation adds nothing past EOF while the file is smaller than
 * 64 KiB, and the model has no post-EOF preallocation (docs/kernel-harness.md, "Mount options").
 */
record KernelCase(String name, int blockSizeByte, List<KernelOp> before, long writeStartByte,
        long writeLengthByte, long stallAtByte, int fillValue, List<KernelOp> during, Resolution resolution) {

    /** Files stay below this size so that XFS adds no speculative post-EOF preallocation. */
    static final long PREALLOC_FREE_LIMIT_BYTE = 64 * 1024;

    /** How the stalled copy ends. */
    enum Resolution {
        /** The rest of the user buffer is unmapped; the write copies {@code stallAtByte} bytes. */
        FAIL,
        /** The rest of the user buffer is filled; the write copies everything. */
        CONTINUE
    }

    KernelCase {
        if (name.isEmpty() || !name.matches("[A-Za-z0-9_.,=+-]+")) {
            throw new IllegalArgumentException("name must be a non-empty word of [A-Za-z0-9_.,=+-], got '" + name + "'");
        }
        if (blockSizeByte != 1024 && blockSizeByte != 2048 && blockSizeByte != 4096) {
            throw new IllegalArgumentException("blockSizeByte must be 1024, 2048 or 4096, got " + blockSizeByte);
        }
        if (writeStartByte < 0) {
            throw new IllegalArgumentException("writeStartByte must be >= 0, got " + writeStartByte);
        }
        if (writeLengthByte <= 0) {
            throw new IllegalArgumentException("writeLengthByte must be > 0, got " + writeLengthByte);
        }
        if (stallAtByte < 0 || stallAtByte >= writeLengthByte) {
            throw new IllegalArgumentException("stallAtByte must be in [0, writeLengthByte = " + writeLengthByte
                    + "), got " + stallAtByte);
        }
        if (fillValue < 0 || fillValue > 255) {
            throw new IllegalArgumentException("fillValue must be a byte value 0..255, got " + fillValue);
        }
        before = List.copyOf(before);
        during = List.copyOf(during);
        long endByte = writeStartByte + writeLengthByte;
        for (KernelOp op : before) {
            endByte = Math.max(endByte, op.endByte());
        }
        for (KernelOp op : during) {
            endByte = Math.max(endByte, op.endByte());
        }
        if (endByte > PREALLOC_FREE_LIMIT_BYTE) {
            throw new IllegalArgumentException("case " + name + " touches bytes up to " + endByte
                    + ", beyond PREALLOC_FREE_LIMIT_BYTE = " + PREALLOC_FREE_LIMIT_BYTE);
        }
    }

    /** The end of the write's range. */
    long writeEndByte() {
        return writeStartByte + writeLengthByte;
    }

    /**
     * The helper's script for this case on {@code path}: the operations, the stalled write, the
     * report before writeback ({@code cache}), then {@code fsync}. The harness unmounts, mounts and
     * runs {@link #inspectScript(String)} for the on-disk state.
     */
    List<String> script(String path) {
        List<String> lines = new ArrayList<>();
        lines.add("open " + path);
        for (KernelOp op : before) {
            lines.add(op.render());
        }
        lines.add("stall " + writeStartByte + " " + writeLengthByte + " " + stallAtByte + " " + fillValue);
        for (KernelOp op : during) {
            lines.add(op.render());
        }
        lines.add(resolution == Resolution.FAIL ? "fail" : "continue");
        lines.add("report cache");
        lines.add("fsync");
        return lines;
    }

    /** The helper's script that reports a file as it is, after the remount. */
    static List<String> inspectScript(String path) {
        return List.of("reopen " + path, "report disk");
    }
}
