package dev.punchspec.punch;

import dev.punchspec.api.mapping.Inode;
import dev.punchspec.api.mapping.Iomap;
import dev.punchspec.api.mapping.IomapPunch;
import dev.punchspec.api.mapping.KernelWarn;
import java.util.ArrayList;
import java.util.List;

/**
 * The registry of kernel generations and historic-bug variants, by the names module-verify, the
 * conformance vectors and the command line use.
 *
 * <p>Each constant creates an {@link IomapEnd}: XFS's {@code ->iomap_end} of that kernel with the
 * generation's punch behind it. For the generations before the newest, that glue is the v6.1-v6.11
 * {@code xfs_buffered_write_iomap_end()}: it passes {@link Xfs61DelallocPunch} (data fork) and
 * returns the punch's error (file system shutdown is not modelled). Those kernels gave write faults
 * an ops table without {@code ->iomap_end} ({@code xfs_page_mkwrite_iomap_ops}, 118e021b4b66 until
 * its removal in ~v6.13), so an {@code IOMAP_FAULT} iteration does nothing there; they pass no
 * other flags to iomap.
 */
public enum Generation {

    /** Before the seed: truncate the page cache, punch everything (9c7babf94a0d). */
    TRUNCATE("truncate", "pre-seed 9c7babf94a0d: truncate_pagecache_range, then punch"),
    /** The seed as backported to 6.1.y (f43dc4dc3eff). */
    SEED_61("seed-6.1", "v6.1.y seed f43dc4dc3eff: cache walk, folio granularity"),
    /** v6.6.0: per-block dirty punching. */
    IFS_66("ifs-6.6", "v6.6.0: per-block dirty punching (4ce02c679722, eee2d2e6ea55)"),
    /** The newest tree of KERNEL-NOTES §1.e. */
    NEWEST("newest", "v6.12+ newest: caller-held invalidate_lock, void punch, re-seek, COW fork"),
    /** {@code seed-6.1} without the {@code IOMAP_F_NEW} test. */
    NO_F_NEW("no-f-new", "bug: seed-6.1 punching delalloc the write did not reserve"),
    /** {@code seed-6.1} with 32-bit page index arithmetic. */
    INDEX32("index32", "bug: seed-6.1 with a 32-bit pgoff_t (CVE-2025-21667)"),
    /** {@code seed-6.1} scanning past EOF. */
    NO_EOF_CLAMP("no-eof-clamp", "bug: seed-6.1 with scan_end_byte = end_byte");

    private final String kernelName;
    private final String summary;

    Generation(String kernelName, String summary) {
        this.kernelName = kernelName;
        this.summary = summary;
    }

    /** The name used on the command line and in conformance vectors, e.g. {@code seed-6.1}. */
    public String kernelName() {
        return kernelName;
    }

    /** One line saying what the generation is. */
    public String summary() {
        return summary;
    }

    /** Whether this is a historic-bug variant rather than a kernel generation. */
    public boolean isVariant() {
        return this == NO_F_NEW || this == INDEX32 || this == NO_EOF_CLAMP;
    }

    /**
     * What the generation keeps: {@link PunchContract.Keep#NOTHING} for {@code truncate},
     * {@link PunchContract.Keep#DIRTY_FOLIOS} for the seed and its variants,
     * {@link PunchContract.Keep#DIRTY_BLOCKS} from v6.6 on.
     */
    public PunchContract.Keep keep() {
        switch (this) {
            case TRUNCATE:
                return PunchContract.Keep.NOTHING;
            case IFS_66:
            case NEWEST:
                return PunchContract.Keep.DIRTY_BLOCKS;
            default:
                return PunchContract.Keep.DIRTY_FOLIOS;
        }
    }

    /** Whether the cache scan stops at {@code i_size} (every generation but {@code no-eof-clamp}). */
    public boolean scanStopsAtEof() {
        return this != NO_EOF_CLAMP;
    }

    /**
     * The generation's XFS {@code ->iomap_end}, reporting kernel warnings to {@code warn}.
     */
    public IomapEnd create(KernelWarn warn) {
        switch (this) {
            case TRUNCATE:
                return xfs61IomapEnd(new TruncatePunch()::fileBufferedWritePunchDelalloc);
            case IFS_66:
                return xfs61IomapEnd(new Ifs66Punch(warn)::fileBufferedWritePunchDelalloc);
            case NEWEST:
                NewestPunch newest = new NewestPunch(warn);
                return (inode, offsetByte, lengthByte, writtenByte, flags, iomap, bmap) ->
                        newest.bufferedWriteIomapEnd(inode, offsetByte, lengthByte, writtenByte,
                                flags, iomap, new XfsNewestDelallocPunch(bmap));
            default:
                return xfs61IomapEnd(seedInstance(warn)::fileBufferedWritePunchDelalloc);
        }
    }

    /**
     * The {@link Seed61Punch} instance of this generation: the seed itself or one of its variants.
     *
     * @throws IllegalStateException for generations outside the seed's family
     */
    Seed61Punch seedInstance(KernelWarn warn) {
        switch (this) {
            case SEED_61:
                return new Seed61Punch(warn);
            case NO_F_NEW:
                return new NoFNewPunch(warn);
            case INDEX32:
                return new Index32Punch(warn);
            case NO_EOF_CLAMP:
                return new NoEofClampPunch(warn);
            default:
                throw new IllegalStateException(kernelName + " is not in the seed-6.1 family");
        }
    }

    /**
     * {@code iomap_file_buffered_write_punch_delalloc()} of v6.1 to v6.11, as a function value.
     */
    @FunctionalInterface
    interface PunchDelalloc61 {
        int punchDelalloc(Inode inode, Iomap iomap, long posByte, long lengthByte,
                long writtenByte, IomapPunch punch);
    }

    /**
     * {@code xfs_buffered_write_iomap_end()}, v6.1-v6.11: the iomap cleanup with
     * {@link Xfs61DelallocPunch}, its error returned; a write fault never gets here.
     */
    private static IomapEnd xfs61IomapEnd(PunchDelalloc61 punchDelalloc) {
        return (inode, offsetByte, lengthByte, writtenByte, flags, iomap, bmap) -> {
            if ((flags & Iomap.IOMAP_FAULT) != 0) {
                return 0;
            }
            return punchDelalloc.punchDelalloc(inode, iomap, offsetByte, lengthByte, writtenByte,
                    new Xfs61DelallocPunch(bmap));
        };
    }

    /**
     * The generation called {@code name}.
     *
     * @throws IllegalArgumentException naming the unknown name and listing the known ones
     */
    public static Generation byName(String name) {
        List<String> known = new ArrayList<>();
        for (Generation g : values()) {
            if (g.kernelName.equals(name)) {
                return g;
            }
            known.add(g.kernelName);
        }
        throw new IllegalArgumentException("unknown generation '" + name + "'; known: "
                + String.join(", ", known));
    }
}
