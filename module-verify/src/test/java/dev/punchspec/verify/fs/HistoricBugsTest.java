package dev.punchspec.verify.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.punchspec.api.Geometry;
import dev.punchspec.punch.Generation;
import dev.punchspec.verify.explore.Explorer;
import dev.punchspec.verify.explore.Properties;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The historic kernel bugs as the explorer's own mutants: each bug, a generation or a variant of
 * {@link Generation}, is found on its family with the property it violates, and the generations
 * that fixed it are clean on the same family.
 *
 * <ul>
 *   <li>generic/346 against {@code truncate}, on {@link StoreRaceScenario} (a failed write racing
 *       an mmap store), its members with a block-aligned {@code i_size}: there the fixed
 *       generations are clean; on an unaligned one they show the unaligned-EOF punch, a
 *       different bug ({@link StoreRaceFamilyTest}).</li>
 *   <li>the {@code IOMAP_F_NEW} rule against {@code no-f-new}, on {@link FailedRewriteScenario}
 *       (a failed rewrite over delalloc an earlier write or store made). In the model the rule
 *       matters only where the release's final punch starts inside a block: at an unaligned
 *       {@code i_size}, which XFS rounds down into the pre-existing reservation of the EOF block
 *       (why, step by step: {@link FailedRewriteScenarioTest}). Where {@code i_size} is block
 *       aligned, every pre-existing delalloc block of the released range below EOF has dirty data
 *       over it (else it would already be a {@code RESERVATION_LEAK}), and the seed's walk keeps
 *       dirty folios, so the variant is clean there. The rule is older than the walk: before the
 *       seed, punching with {@code truncate_pagecache_range()} over delalloc the write did not
 *       make threw away other writers' dirty data; that combination is not a modelled
 *       generation.</li>
 *   <li>the post-EOF case against {@code no-eof-clamp}, on {@link EofFaultScenario} (a fault
 *       spanning EOF, then a failed write beyond it, then fsync): {@code RESERVATION_LEAK}, and
 *       only where the EOF block was already on disk (on a sparse file writeback converts the
 *       post-EOF delalloc with the fault's EOF block, {@link EofFaultScenarioTest}).</li>
 *   <li>{@code index32} (CVE-2025-21667) is not here. Its bug shows only where a folio ends at or
 *       beyond 4 GiB. The extent map, the page cache and the oracle are sparse, but two checks are
 *       not: {@link FsWorld#dataLost()} reads every byte below EOF into one array and compares
 *       byte by byte (2^32 iterations, and an array {@code int} cannot index), and
 *       {@code DIRTY_WITHOUT_RESERVATION} ({@link ModelFile#dirtyWithoutReservation()}), checked
 *       after every step, visits every block below EOF. It would take both made sparse (visit
 *       only the blocks that have an extent, a cached folio or an oracle byte; every other byte
 *       must read zero and cannot be dirty), and a property for the bug's effect, an endless
 *       scan: the explorer now reports an execution that reaches its step bound as cut short, not
 *       as a violated property.</li>
 * </ul>
 *
 * <p>Bounds, members and cost, measured by this class's {@code SWEEP} lines ({@code ./mvnw -B -o
 * test -pl module-verify -DskipPitest -Dkey.skip=true -Dtest=HistoricBugsTest}, 2026-11-26, load
 * 6-9 on 2 cores: surefire ran the class's 10 tests in 11.5 s alone, and in 3.3 s within
 * {@code ./mvnw -B -o verify -pl module-verify -Dkey.skip=true}, after the other classes had
 * warmed the JIT); every exploration is complete within 300 steps:
 * <ul>
 *   <li>generic/346: geometries page 4 / block 4 and page 4 / block 2, order 0; {@code i_size},
 *       write end and store byte bounded by 3, members with a block-aligned {@code i_size}: 66
 *       members, 5 interleavings each (the staged race) reaching one end state per member:
 *       {@code truncate} loses the stored byte ({@code DATA_LOST}) in 10 members, 9 of them with
 *       {@code DIRTY_WITHOUT_RESERVATION} on the way (0.4-0.9 s a sweep),
 *       {@code seed-6.1} clean (0.6-0.8 s).</li>
 *   <li>{@code IOMAP_F_NEW}: the same geometries, {@code i_size} and every write end at most 3:
 *       296 members, one interleaving and one end state each, 0.4-0.8 s a sweep.</li>
 *   <li>post-EOF: page 4 with blocks of 4, 2 and 1, order 0; {@code i_size} below 5 and not a
 *       multiple of the page, sparse and on disk, every store in the EOF page, every write end at
 *       most 5: 456 members, one interleaving and one end state each, 0.8-3.2 s a sweep (the
 *       first sweep of a run pays the JIT's warm-up).</li>
 * </ul>
 * PIT does not run this class (module-verify's pom): its mutants of the scenario classes are
 * killed by {@link FailedRewriteScenarioTest} and {@link EofFaultScenarioTest}, and a sweep run
 * for every covered mutant would multiply PIT's time.
 */
class HistoricBugsTest {

    private static final List<Geometry> GEOMETRIES = List.of(new Geometry(4, 4, 0), new Geometry(4, 2, 0));
    private static final List<Geometry> EOF_GEOMETRIES = List.of(new Geometry(4, 4, 0), new Geometry(4, 2, 0),
            new Geometry(4, 1, 0));
    private static final Explorer EXPLORER = new Explorer(300, 1000);

    /** The store-race members whose initial {@code i_size} is block aligned. */
    private static List<StoreRaceScenario.Params> alignedStoreRaces() {
        List<StoreRaceScenario.Params> out = new ArrayList<>();
        for (StoreRaceScenario.Params p : StoreRaceScenario.family(GEOMETRIES, 3)) {
            if (p.iSizeByte() % p.geometry().blockSize() == 0) {
                out.add(p);
            }
        }
        return out;
    }

    private static FamilySweep<StoreRaceScenario.Params> generic346(Generation g) {
        return FamilySweep.of(EXPLORER, "generic/346", g, alignedStoreRaces(), p -> new StoreRaceScenario(p, g));
    }

    private static FamilySweep<FailedRewriteScenario.Params> failedRewrites(Generation g) {
        return FamilySweep.of(EXPLORER, "failed-rewrite", g, FailedRewriteScenario.family(GEOMETRIES, 3),
                p -> new FailedRewriteScenario(p, g));
    }

    private static FamilySweep<EofFaultScenario.Params> eofFaults(Generation g) {
        return FamilySweep.of(EXPLORER, "eof-fault", g, EofFaultScenario.family(EOF_GEOMETRIES, 5),
                p -> new EofFaultScenario(p, g));
    }

    /** {@code i_size} when the rewrite starts: the earlier write may have raised it. */
    private static long iSizeAtRewrite(FailedRewriteScenario.Params p) {
        return p.earlier() == FailedRewriteScenario.Earlier.WRITE
                ? Math.max(p.iSizeByte(), p.earlierPosByte() + p.earlierLengthByte()) : p.iSizeByte();
    }

    @Test
    void truncateLosesTheStoredByte() {
        FamilySweep<StoreRaceScenario.Params> s = generic346(Generation.TRUNCATE);
        assertEquals(0, s.incomplete);
        assertEquals(Map.of(Properties.DATA_LOST, 10L, Properties.DIRTY_WITHOUT_RESERVATION, 9L), s.counts());
    }

    /** The seed fixed it; ifs-6.6 and newest are clean there too (StoreRaceFamilyTest, at bound 4). */
    @Test
    void theSeedKeepsTheStoredByte() {
        FamilySweep<StoreRaceScenario.Params> s = generic346(Generation.SEED_61);
        assertEquals(330, s.interleavings);
        assertEquals(0, s.incomplete);
        assertEquals(Map.of(), s.counts());
    }

    @Test
    void noFNewPunchesDelallocItDidNotReserve() {
        FamilySweep<FailedRewriteScenario.Params> s = failedRewrites(Generation.NO_F_NEW);
        assertEquals(296, s.members);
        assertEquals(296, s.interleavings);
        assertEquals(0, s.incomplete);
        assertEquals(Map.of(Properties.CONTRACT, 137L, Properties.DATA_LOST, 132L,
                Properties.DIRTY_WITHOUT_RESERVATION, 137L), s.counts());
        for (List<FailedRewriteScenario.Params> members : s.byProperty.values()) {
            for (FailedRewriteScenario.Params p : members) {
                assertEquals(true, iSizeAtRewrite(p) % p.geometry().blockSize() != 0, p.label());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Generation.class, names = {"SEED_61", "IFS_66", "NEWEST"})
    void theGenerationsWithIomapFNewPunchOnlyTheirOwn(Generation g) {
        FamilySweep<FailedRewriteScenario.Params> s = failedRewrites(g);
        assertEquals(296, s.interleavings);
        assertEquals(Map.of(), s.counts());
    }

    @Test
    void noEofClampLeaksDelallocBeyondEof() {
        FamilySweep<EofFaultScenario.Params> s = eofFaults(Generation.NO_EOF_CLAMP);
        assertEquals(456, s.members);
        assertEquals(456, s.interleavings);
        assertEquals(0, s.incomplete);
        assertEquals(Map.of(Properties.RESERVATION_LEAK, 60L), s.counts());
        for (EofFaultScenario.Params p : s.byProperty.getOrDefault(Properties.RESERVATION_LEAK, List.of())) {
            assertEquals(true, p.dataOnDisk() && p.geometry().blockSize() < p.geometry().pageSize(), p.label());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Generation.class, names = {"SEED_61", "IFS_66", "NEWEST"})
    void theClampingGenerationsPunchBeyondEof(Generation g) {
        FamilySweep<EofFaultScenario.Params> s = eofFaults(g);
        assertEquals(456, s.interleavings);
        assertEquals(Map.of(), s.counts());
    }
}
