package dev.punchspec.verify.kernel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * What the kernel did in one {@link KernelCase}, parsed from the C helper's output: the write's
 * return value, the first operation that had to wait for the stalled write ({@code -1} if none)
 * and the kernel function it slept in ({@code wchan}: {@code xfs_ilock}, {@code do_truncate}),
 * the operations' results, the file before writeback ({@code cache}) and after fsync, unmount
 * and mount ({@code disk}).
 *
 * <p>The parser is strict: a line it does not know, a missing report or a malformed number is an
 * {@link IllegalStateException} quoting the line, so a change in the helper cannot go unnoticed.
 */
record KernelObservation(long pwriteReturn, int pwriteErrno, int blockedFromIndex, String blockedOn,
        List<OpResult> ops, FileState cache, FileState disk) {

    /** FIEMAP flag: the extent is a delayed allocation (no disk block yet). */
    static final int FIEMAP_EXTENT_DELALLOC = 0x4;
    /** FIEMAP flag: the extent is allocated but unwritten. */
    static final int FIEMAP_EXTENT_UNWRITTEN = 0x800;
    /** {@code EFAULT}. */
    static final int EFAULT = 14;

    /** A half-open byte range {@code [startByte, endByte)}. */
    record Span(long startByte, long endByte) {
        Span {
            if (startByte < 0 || endByte < startByte) {
                throw new IllegalArgumentException("span needs 0 <= startByte <= endByte, got [" + startByte
                        + ", " + endByte + ")");
            }
        }

        /** {@code [start,end)}. (Not {@code toString}: the Lock Checker would require it locking-free.) */
        String text() {
            return "[" + startByte + "," + endByte + ")";
        }
    }

    /** One FIEMAP extent. */
    record Extent(Span span, int flags) {
        boolean delalloc() {
            return (flags & FIEMAP_EXTENT_DELALLOC) != 0;
        }

        boolean unwritten() {
            return (flags & FIEMAP_EXTENT_UNWRITTEN) != 0;
        }

        /** E.g. {@code [0,4096)delalloc}. */
        String text() {
            return span.text() + (delalloc() ? "delalloc" : unwritten() ? "unwritten" : "written");
        }
    }

    /** The spans as {@code [[a,b), [c,d)]}. */
    static String spansText(List<Span> spans) {
        String s = "";
        for (Span span : spans) {
            s += (s.isEmpty() ? "" : ", ") + span.text();
        }
        return "[" + s + "]";
    }

    /** The extents as {@code [[a,b)delalloc, [c,d)written]}. */
    static String extentsText(List<Extent> extents) {
        String s = "";
        for (Extent extent : extents) {
            s += (s.isEmpty() ? "" : ", ") + extent.text();
        }
        return "[" + s + "]";
    }

    /** One operation's line: index in the script (the write is one index too), kind, phase, result. */
    record OpResult(int index, String kind, String phase, String result, String value) {
    }

    /**
     * The file as {@code stat}, {@code SEEK_DATA}/{@code SEEK_HOLE}, {@code FIEMAP} and
     * {@code pread} saw it; {@code blocks512} is {@code st_blocks} (512-byte units, XFS counts
     * delalloc reservations in it).
     */
    record FileState(long sizeByte, long blocks512, List<Span> data, List<Extent> extents, byte[] bytes) {
        FileState {
            data = List.copyOf(data);
            extents = List.copyOf(extents);
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        /** The byte at {@code atByte} as 0..255. */
        int byteAt(long atByte) {
            if (atByte < 0 || atByte >= bytes.length) {
                throw new IllegalArgumentException("atByte must be in [0, " + bytes.length + "), got " + atByte);
            }
            return bytes[(int) atByte] & 0xff;
        }

        /** True if every byte of {@code [startByte, endByte)} (clipped to the file) equals {@code value}. */
        boolean allEqual(long startByte, long endByte, int value) {
            for (long b = startByte; b < Math.min(endByte, bytes.length); b++) {
                if ((bytes[(int) b] & 0xff) != value) {
                    return false;
                }
            }
            return true;
        }

        /** The union of the extents whose flags say delalloc, as sorted, coalesced spans. */
        List<Span> delallocSpans() {
            return coalesce(extents, true);
        }

        /** The union of the extents that are not delalloc. */
        List<Span> allocatedSpans() {
            return coalesce(extents, false);
        }

        private static List<Span> coalesce(List<Extent> extents, boolean delalloc) {
            List<Span> out = new ArrayList<>();
            for (Extent e : extents) {
                if (e.delalloc() != delalloc) {
                    continue;
                }
                int last = out.size() - 1;
                if (last >= 0 && out.get(last).endByte() == e.span().startByte()) {
                    out.set(last, new Span(out.get(last).startByte(), e.span().endByte()));
                } else {
                    out.add(e.span());
                }
            }
            return out;
        }

        /** The bytes as runs {@code [start,end)=value}, for messages. */
        String runs() {
            return runs(Set.of());
        }

        /**
         * The bytes as runs {@code [start,end)=value}, where a stretch of bytes whose values are
         * not in {@code named} is one run {@code =?} (old memory, for the observation table); an
         * empty set names every value.
         */
        String runs(Set<Integer> named) {
            StringBuilder s = new StringBuilder();
            int start = 0;
            for (int i = 1; i <= bytes.length; i++) {
                if (i == bytes.length || key(bytes[i], named) != key(bytes[start], named)) {
                    if (s.length() > 0) {
                        s.append(' ');
                    }
                    int k = key(bytes[start], named);
                    s.append('[').append(start).append(',').append(i).append(")=").append(k < 0 ? "?" : k);
                    start = i;
                }
            }
            return s.toString();
        }

        private static int key(byte value, Set<Integer> named) {
            int v = value & 0xff;
            return named.isEmpty() || named.contains(v) ? v : -1;
        }
    }

    /** Parses the output of a case's script and of its inspection after the remount. */
    static KernelObservation parse(List<String> caseOutput, List<String> diskOutput) {
        long pwriteReturn = Long.MIN_VALUE;
        int pwriteErrno = -1;
        int blocked = -1;
        String blockedOn = "";
        List<OpResult> ops = new ArrayList<>();
        List<String> cacheLines = new ArrayList<>();
        for (String line : caseOutput) {
            String[] f = line.split(" ");
            switch (f[0]) {
                case "op":
                    if (f.length < 5) {
                        throw bad(line);
                    }
                    ops.add(new OpResult(parseInt(f[1], line), f[2], f[3], f[4], f.length > 5 ? f[5] : ""));
                    break;
                case "stalled":
                case "read":
                    break;
                case "blocked":
                    if (f.length != 3) {
                        throw bad(line);
                    }
                    blocked = parseInt(f[1], line);
                    blockedOn = f[2];
                    break;
                case "pwrite":
                    pwriteReturn = parseLong(f[1], line);
                    pwriteErrno = parseInt(f[2], line);
                    break;
                case "cache":
                    cacheLines.add(line);
                    break;
                default:
                    throw bad(line);
            }
        }
        if (pwriteReturn == Long.MIN_VALUE) {
            throw new IllegalStateException("no pwrite line in the helper's output: " + caseOutput);
        }
        return new KernelObservation(pwriteReturn, pwriteErrno, blocked, blockedOn, ops, parseState("cache", cacheLines),
                parseState("disk", diskOutput));
    }

    private static FileState parseState(String label, List<String> lines) {
        long size = -1;
        long blocks = -1;
        List<Span> data = new ArrayList<>();
        List<Extent> extents = new ArrayList<>();
        List<long[]> runs = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.split(" ");
            if (!f[0].equals(label) || f.length < 4) {
                throw bad(line);
            }
            switch (f[1]) {
                case "stat":
                    size = parseLong(f[2], line);
                    blocks = parseLong(f[3], line);
                    break;
                case "map":
                    if (f[2].equals("data")) {
                        data.add(new Span(parseLong(f[3], line), parseLong(f[4], line)));
                    } else if (!f[2].equals("hole")) {
                        throw bad(line);
                    }
                    break;
                case "extent":
                    extents.add(new Extent(new Span(parseLong(f[2], line), parseLong(f[3], line)),
                            Integer.parseInt(f[4].substring(2), 16)));
                    break;
                case "bytes":
                    runs.add(new long[] {parseLong(f[2], line), parseLong(f[3], line), parseLong(f[4], line)});
                    break;
                default:
                    throw bad(line);
            }
        }
        if (size < 0) {
            throw new IllegalStateException("no '" + label + " stat' line in the helper's output: " + lines);
        }
        if (size > KernelCase.PREALLOC_FREE_LIMIT_BYTE) {
            throw new IllegalStateException(label + " size " + size + " exceeds the harness's file size limit");
        }
        byte[] bytes = new byte[(int) size];
        long covered = 0;
        for (long[] run : runs) {
            if (run[0] != covered || run[1] > size) {
                throw new IllegalStateException(label + " byte runs do not tile [0, " + size + "): run at " + run[0]);
            }
            Arrays.fill(bytes, (int) run[0], (int) run[1], (byte) run[2]);
            covered = run[1];
        }
        if (covered != size) {
            throw new IllegalStateException(label + " byte runs end at " + covered + ", not at the size " + size);
        }
        return new FileState(size, blocks, data, extents, bytes);
    }

    private static long parseLong(String field, String line) {
        try {
            return Long.parseLong(field);
        } catch (NumberFormatException e) {
            throw bad(line);
        }
    }

    private static int parseInt(String field, String line) {
        try {
            return Integer.parseInt(field);
        } catch (NumberFormatException e) {
            throw bad(line);
        }
    }

    private static IllegalStateException bad(String line) {
        return new IllegalStateException("unexpected line from the helper: '" + line + "'");
    }

    /** The result of the operation at {@code index} of the script. */
    OpResult op(int index) {
        for (OpResult r : ops) {
            if (r.index() == index) {
                return r;
            }
        }
        throw new IllegalArgumentException("no operation with index " + index + " in " + ops);
    }

    /** One line for messages: everything, every byte value named. */
    String summary() {
        return summary(Set.of());
    }

    /**
     * One line for the observation table: the write's return, a blocked operation, the cache's
     * {@code st_blocks}, data map and extents, the disk's extents and bytes (values not in
     * {@code named} shown as {@code ?}, see {@link FileState#runs(Set)}).
     */
    String summary(Set<Integer> named) {
        return "pwrite=" + pwriteReturn + (pwriteReturn < 0 ? " errno=" + pwriteErrno : "")
                + (blockedFromIndex >= 0 ? " blockedFrom=" + blockedFromIndex + "(" + blockedOn + ")" : "")
                + "; cache: blocks512=" + cache.blocks512() + " data=" + spansText(cache.data()) + " extents="
                + extentsText(cache.extents())
                + " bytes=" + cache.runs(named)
                + "; disk: extents=" + extentsText(disk.extents()) + " bytes=" + disk.runs(named);
    }
}
