package dev.punchspec.benchmarks;

import dev.punchspec.api.Geometry;
import dev.punchspec.api.lock.LockValidator;
import dev.punchspec.api.lock.SequentialHook;
import dev.punchspec.api.lock.TaskContext;
import dev.punchspec.api.lock.ViolationPolicy;
import dev.punchspec.api.mapping.AddressSpace;
import dev.punchspec.cache.PageCache;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of a full {@code SEEK_DATA}/{@code SEEK_HOLE} walk of {@link PageCache#seekHoleData}
 * over N folios (4096-byte pages), N being the {@code folios} parameter. JMH reports ns per walk;
 * {@link SeekWalkReport} runs these and divides by N to give ns per folio visited.
 *
 * <ul>
 *   <li>{@link #holeOverContiguousData}: N contiguous uptodate folios, one {@code SEEK_HOLE} from
 *       0 walks all of them (the O(1)-per-entry iteration);
 *   <li>{@link #releaseWalkOverAlternatingFolios}: N uptodate folios with a one-page hole after
 *       each, walked as {@code iomap_write_delalloc_release()} does (SEEK_DATA, SEEK_HOLE, repeat):
 *       2N seeks, each an O(log n) lookup plus one entry;
 *   <li>{@link #dataOverPartiallyUptodateFolios}: N folios of four 1024-byte blocks, not uptodate,
 *       only the last block uptodate: the release walk locks each folio and walks its blocks (the
 *       slow path of {@code folio_seek_hole_data()}).
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SeekWalkBenchmark {

    static final long PAGE = 4096;

    @Param({"1000", "10000", "100000"})
    public int folios;

    private PageCache contiguous;
    private PageCache alternating;
    private PageCache partial;
    private TaskContext task;

    @Setup(Level.Trial)
    public void setUp() {
        Geometry pages = new Geometry(PAGE, PAGE, 0);
        contiguous = new PageCache("contiguous", pages);
        alternating = new PageCache("alternating", pages);
        partial = new PageCache("partial", new Geometry(PAGE, 1024, 0));
        boolean[] lastBlockOnly = {false, false, false, true};
        for (long i = 0; i < folios; i++) {
            contiguous.installFolio(i, 0, true, false, null, null, null);
            alternating.installFolio(2 * i, 0, true, false, null, null, null);
            partial.installFolio(i, 0, false, false, lastBlockOnly, new boolean[4], null);
        }
        task = new LockValidator(ViolationPolicy.THROW).newTask(0, "bench", new SequentialHook());
    }

    /** One SEEK_HOLE from 0 across N contiguous data folios. */
    @Benchmark
    public long holeOverContiguousData() {
        long end = folios * PAGE + PAGE;
        long hole = contiguous.seekHoleData(task, 0, end, AddressSpace.SEEK_HOLE);
        if (hole != folios * PAGE) {
            throw new IllegalStateException("hole at " + hole);
        }
        return hole;
    }

    /** The release walk (SEEK_DATA then SEEK_HOLE until no data) over N data folios with gaps. */
    @Benchmark
    public long releaseWalkOverAlternatingFolios() {
        return releaseWalk(alternating, 2L * folios * PAGE);
    }

    /** The release walk over N partially uptodate folios: each one locked and walked by block. */
    @Benchmark
    public long dataOverPartiallyUptodateFolios() {
        return releaseWalk(partial, folios * PAGE);
    }

    private long releaseWalk(PageCache cache, long end) {
        long pos = 0;
        long runs = 0;
        while (pos < end) {
            long data = cache.seekHoleData(task, pos, end, AddressSpace.SEEK_DATA);
            if (data < 0 || data >= end) {
                break;
            }
            pos = cache.seekHoleData(task, data, end, AddressSpace.SEEK_HOLE);
            runs++;
        }
        if (runs != folios) {
            throw new IllegalStateException(runs + " data runs for " + folios + " folios");
        }
        return runs;
    }
}
