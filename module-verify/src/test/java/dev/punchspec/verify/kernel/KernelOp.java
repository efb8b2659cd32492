package dev.punchspec.verify.kernel;

import java.util.Locale;

/**
 * One operation of a kernel case, rendered as one line of the C helper's script
 * ({@code src/test/c/stallwrite.c} documents every command).
 *
 * <p>Byte positions are absolute file offsets; lengths are byte counts, so an operation on
 * {@code [startByte, startByte + lengthByte)} names a half-open range, as everywhere in punchspec.
 * Bad arguments are rejected here, with the field and the value, before any kernel runs them.
 */
record KernelOp(Kind kind, long firstArg, long secondArg, long thirdArg) {

    /** The operations the helper knows, with the number of arguments each takes. */
    enum Kind {
        /** {@code ftruncate(sizeByte)}. */
        TRUNCATE(1),
        /** Buffered {@code pwrite} of {@code lengthByte} copies of {@code value} at {@code startByte}. */
        WRITE(3),
        /** {@code O_DIRECT} pwrite; start and length multiples of 4096. */
        DWRITE(3),
        /** One-byte store {@code value} at {@code byte} through a shared mapping of the file. */
        MSTORE(2),
        /** One-byte load at {@code byte} through the shared mapping. */
        MLOAD(1),
        /** Buffered {@code pread} of {@code [startByte, startByte + lengthByte)}. */
        READ(2),
        /** {@code msync(MS_SYNC)} of the pages holding {@code [startByte, startByte + lengthByte)}. */
        MSYNC(2),
        /** {@code fsync}. */
        FSYNC(0),
        /** {@code sync_file_range} (wait, write, wait) of {@code [startByte, startByte + lengthByte)}. */
        SYNCRANGE(2),
        /** Fill and free {@code kib} KiB of anonymous memory with {@code value} (see the helper). */
        PRIME(2);

        final int arity;

        Kind(int arity) {
            this.arity = arity;
        }

        /** The helper's command name. */
        String command() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** True for operations that take {@code i_rwsem} on XFS and so wait for a stalled write. */
        boolean takesIRwsem() {
            return this == TRUNCATE || this == WRITE || this == DWRITE || this == READ;
        }
    }

    KernelOp {
        requireNonNegative("firstArg", firstArg);
        requireNonNegative("secondArg", secondArg);
        requireNonNegative("thirdArg", thirdArg);
        if (kind == Kind.WRITE || kind == Kind.DWRITE) {
            requireByteValue("value", thirdArg);
            requirePositive("lengthByte", secondArg);
        }
        if (kind == Kind.DWRITE && (firstArg % 4096 != 0 || secondArg % 4096 != 0)) {
            throw new IllegalArgumentException("dwrite needs startByte and lengthByte multiples of 4096, got "
                    + firstArg + " and " + secondArg);
        }
        if (kind == Kind.MSTORE || kind == Kind.PRIME) {
            requireByteValue(kind == Kind.MSTORE ? "value" : "value (prime)",
                    kind == Kind.MSTORE ? secondArg : firstArg);
        }
        if (kind == Kind.READ || kind == Kind.MSYNC || kind == Kind.SYNCRANGE) {
            requirePositive("lengthByte", secondArg);
        }
    }

    static KernelOp truncate(long sizeByte) {
        return new KernelOp(Kind.TRUNCATE, sizeByte, 0, 0);
    }

    static KernelOp write(long startByte, long lengthByte, int value) {
        return new KernelOp(Kind.WRITE, startByte, lengthByte, value);
    }

    static KernelOp directWrite(long startByte, long lengthByte, int value) {
        return new KernelOp(Kind.DWRITE, startByte, lengthByte, value);
    }

    static KernelOp store(long atByte, int value) {
        return new KernelOp(Kind.MSTORE, atByte, value, 0);
    }

    static KernelOp load(long atByte) {
        return new KernelOp(Kind.MLOAD, atByte, 0, 0);
    }

    static KernelOp read(long startByte, long lengthByte) {
        return new KernelOp(Kind.READ, startByte, lengthByte, 0);
    }

    static KernelOp msync(long startByte, long lengthByte) {
        return new KernelOp(Kind.MSYNC, startByte, lengthByte, 0);
    }

    static KernelOp syncRange(long startByte, long lengthByte) {
        return new KernelOp(Kind.SYNCRANGE, startByte, lengthByte, 0);
    }

    static KernelOp fsync() {
        return new KernelOp(Kind.FSYNC, 0, 0, 0);
    }

    static KernelOp prime(int value, long kib) {
        return new KernelOp(Kind.PRIME, value, kib, 0);
    }

    /** The end of the byte range this operation touches in the file (0 for none). */
    long endByte() {
        switch (kind) {
            case TRUNCATE:
                return firstArg;
            case WRITE:
            case DWRITE:
            case READ:
            case MSYNC:
            case SYNCRANGE:
                return firstArg + secondArg;
            case MSTORE:
            case MLOAD:
                return firstArg + 1;
            default:
                return 0;
        }
    }

    /** The script line. */
    String render() {
        StringBuilder line = new StringBuilder(kind.command());
        long[] args = {firstArg, secondArg, thirdArg};
        for (int i = 0; i < kind.arity; i++) {
            line.append(' ').append(args[i]);
        }
        return line.toString();
    }

    private static void requireNonNegative(String field, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must be >= 0, got " + value);
        }
    }

    private static void requirePositive(String field, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be > 0, got " + value);
        }
    }

    private static void requireByteValue(String field, long value) {
        if (value > 255) {
            throw new IllegalArgumentException(field + " must be a byte value 0..255, got " + value);
        }
    }
}
