package dev.punchspec.verify.kernel;

import dev.punchspec.verify.kernel.KernelCase.Resolution;
import dev.punchspec.verify.kernel.KernelObservation.FileState;
import dev.punchspec.verify.kernel.KernelObservation.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * One row of the agreement table: a {@link KernelCase}, the model's {@link ModelPrediction}, the
 * kernel's {@link KernelObservation}, and the verdict. Compared: {@code pwrite}'s return (and
 * {@code errno} when it fails), {@code st_blocks}, the {@code SEEK_DATA}/{@code SEEK_HOLE} map
 * and the extents (FIEMAP: delalloc, unwritten, written) before writeback, the file's size, bytes
 * and extents after fsync, unmount and mount.
 *
 * <p>A difference is accepted only when a known explanation covers every differing field
 * ({@link Verdict#EXPLAINED}); each explanation is a predicate over the case and both sides, and
 * names which side is wrong. Today there is one: old memory exposed by a short copy
 * (docs/findings/short-copy-stale-bytes), where the kernel is wrong and the model, whose folios
 * start zeroed, shows what the file must read. An {@link Verdict#AGREE} row where the model
 * reports {@code DATA_LOST} is a kernel bug both show (docs/findings/unaligned-eof-punch).
 */
record Agreement(String caseName, String model, String kernel, Verdict verdict, String note) {

    /** How the two sides compare. */
    enum Verdict {
        /** Every compared field is equal. */
        AGREE,
        /** They differ, and a known explanation covers every difference. */
        EXPLAINED,
        /** They differ without explanation: a test failure. */
        DISAGREE
    }

    /** Compares the prediction for {@code c} with what the kernel did. */
    static Agreement of(KernelCase c, ModelPrediction p, KernelObservation o) {
        List<String> differences = new ArrayList<>();
        boolean pwriteDiffers = p.pwriteReturn() != o.pwriteReturn()
                || p.pwriteReturn() < 0 && p.pwriteErrno() != o.pwriteErrno();
        if (pwriteDiffers) {
            differences.add("pwrite");
        }
        if (p.blocks512() != o.cache().blocks512()) {
            differences.add("st_blocks");
        }
        if (!p.data().equals(o.cache().data())) {
            differences.add("data map");
        }
        String kernelExtents = extentsText(o.cache());
        if (!p.extents().equals(kernelExtents)) {
            differences.add("extents");
        }
        FileState disk = o.disk();
        String kernelDiskExtents = extentsText(disk);
        if (!p.diskExtents().equals(kernelDiskExtents)) {
            differences.add("disk extents");
        }
        if (p.sizeByte() != disk.sizeByte()) {
            differences.add("size");
        }
        List<Long> differingBytes = new ArrayList<>();
        byte[] predicted = p.diskBytes();
        byte[] observed = disk.bytes();
        for (int b = 0; b < Math.min(predicted.length, observed.length); b++) {
            if (predicted[b] != observed[b]) {
                differingBytes.add((long) b);
            }
        }
        if (!differingBytes.isEmpty()) {
            differences.add("bytes");
        }
        String model = "pwrite=" + pwrite(p.pwriteReturn(), p.pwriteErrno()) + " blocks512=" + p.blocks512() + " data="
                + KernelObservation.spansText(p.data()) + " extents=" + p.extents() + " size=" + p.sizeByte()
                + " disk extents=" + p.diskExtents() + " bytes="
                + new FileState(p.sizeByte(), 0, List.of(), List.of(), predicted).runs()
                + (p.findings().isEmpty() ? "" : " findings=" + String.join(",", p.findings()));
        String kernel = "pwrite=" + pwrite(o.pwriteReturn(), o.pwriteErrno()) + " blocks512=" + o.cache().blocks512()
                + " data=" + KernelObservation.spansText(o.cache().data()) + " extents=" + kernelExtents + " size="
                + disk.sizeByte() + " disk extents=" + kernelDiskExtents + " bytes="
                + (differingBytes.isEmpty() ? "as predicted" : differingBytes.size() + " differ in ["
                        + differingBytes.get(0) + "," + (differingBytes.get(differingBytes.size() - 1) + 1) + ")");
        if (differences.isEmpty()) {
            return new Agreement(c.name(), model, kernel, Verdict.AGREE, agreementNote(c, p));
        }
        if (differences.equals(List.of("bytes")) && staleBytes(c, p, o, differingBytes)) {
            return new Agreement(c.name(), model, kernel, Verdict.EXPLAINED, "kernel wrong: a short copy left old"
                    + " memory in the uncopied rest of an unaligned write (docs/findings/short-copy-stale-bytes);"
                    + " the model's zeros are what the file must read");
        }
        return new Agreement(c.name(), model, kernel, Verdict.DISAGREE, "differ: " + String.join(", ", differences));
    }

    /**
     * What an agreement means when the model reports a violation: at an unaligned EOF, the
     * unaligned-EOF punch (a kernel bug the model predicted and both show); elsewhere, that the
     * kernel shows the same bytes as the violating model.
     */
    private static String agreementNote(KernelCase c, ModelPrediction p) {
        if (p.findings().isEmpty()) {
            return "";
        }
        if (!unalignedEof(c)) {
            return "the model reports " + String.join(",", p.findings()) + "; the kernel shows the same";
        }
        return p.findings().contains("DATA_LOST")
                ? "both lose the store: the unaligned-EOF punch, a kernel bug (docs/findings/unaligned-eof-punch)"
                : "the unaligned-EOF punch under dirty data (docs/findings/unaligned-eof-punch); no byte below EOF"
                        + " was stored there, so both keep the same bytes";
    }

    /**
     * The short-copy explanation: a write failed after copying part of its buffer, it is not
     * block aligned at both ends, and every differing byte lies in its uncopied rest, where the
     * model has zero.
     */
    private static boolean staleBytes(KernelCase c, ModelPrediction p, KernelObservation o, List<Long> differing) {
        int blockSize = c.blockSizeByte();
        if (c.resolution() != Resolution.FAIL || o.pwriteReturn() <= 0
                || c.writeStartByte() % blockSize == 0 && c.writeEndByte() % blockSize == 0) {
            return false;
        }
        long uncopiedStart = c.writeStartByte() + o.pwriteReturn();
        byte[] predicted = p.diskBytes();
        for (long b : differing) {
            if (b < uncopiedStart || b >= c.writeEndByte() || predicted[(int) b] != 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether the file's size when the write starts is not block aligned (a case's first truncate). */
    private static boolean unalignedEof(KernelCase c) {
        for (KernelOp op : c.before()) {
            if (op.kind() == KernelOp.Kind.TRUNCATE) {
                return op.firstArg() % c.blockSizeByte() != 0;
            }
        }
        return false;
    }

    /** {@code delalloc}, {@code unwritten} or {@code written}, as FIEMAP's flags say. */
    static String stateName(boolean delalloc, boolean unwritten) {
        return delalloc ? "delalloc" : unwritten ? "unwritten" : "written";
    }

    /** A FIEMAP listing, adjacent extents of one state coalesced (FIEMAP may split a record). */
    static String extentsText(FileState state) {
        List<Span> spans = new ArrayList<>();
        List<String> states = new ArrayList<>();
        for (KernelObservation.Extent e : state.extents()) {
            spans.add(e.span());
            states.add(stateName(e.delalloc(), e.unwritten()));
        }
        return extentsText(spans, states);
    }

    /** {@code [[a,b)state, ...]} of ascending disjoint spans, adjacent spans of one state coalesced. */
    static String extentsText(List<Span> spans, List<String> states) {
        StringBuilder s = new StringBuilder("[");
        int i = 0;
        while (i < spans.size()) {
            int j = i;
            while (j + 1 < spans.size() && states.get(j + 1).equals(states.get(i))
                    && spans.get(j + 1).startByte() == spans.get(j).endByte()) {
                j++;
            }
            s.append(i == 0 ? "" : ", ").append(new Span(spans.get(i).startByte(), spans.get(j).endByte()).text())
                    .append(states.get(i));
            i = j + 1;
        }
        return s.append(']').toString();
    }

    private static String pwrite(long ret, int errno) {
        return ret < 0 ? ret + "(errno " + errno + ")" : Long.toString(ret);
    }

    /** The markdown table of {@code rows}, with a count of each verdict at its head. */
    static String table(String title, List<Agreement> rows) {
        int[] counts = new int[Verdict.values().length];
        for (Agreement a : rows) {
            counts[a.verdict().ordinal()]++;
        }
        StringBuilder s = new StringBuilder("### " + title + ": " + rows.size() + " cases, " + counts[0] + " agree, "
                + counts[1] + " explained, " + counts[2] + " disagree\n\n");
        s.append("| case | model prediction | kernel result | agree |\n|---|---|---|---|\n");
        for (Agreement a : rows) {
            s.append("| ").append(a.caseName()).append(" | ").append(a.model()).append(" | ").append(a.kernel())
                    .append(" | ").append(a.verdict() == Verdict.AGREE ? "yes" : a.verdict() == Verdict.EXPLAINED
                            ? "explained" : "**NO**").append(a.note().isEmpty() ? "" : ": " + a.note()).append(" |\n");
        }
        return s.toString();
    }
}
