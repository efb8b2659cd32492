package dev.punchspec.benchmarks;

import dev.punchspec.api.lock.LockMode;
import dev.punchspec.api.lock.LockValidator;
import dev.punchspec.api.lock.ModelLock;
import dev.punchspec.api.lock.SequentialHook;
import dev.punchspec.api.lock.TaskContext;
import dev.punchspec.api.lock.ViolationPolicy;
import dev.punchspec.lockorder.qual.LockRank;
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
 * The cost of one exclusive lock and unlock of a {@link ModelLock} by a task, the lock model's
 * price on every folio lock and invalidate_lock of a model run. Each acquire records the Java
 * stack of its caller for lockdep-style reports, so the cost grows with the depth of the stack
 * below the call: {@code extraFrames} adds that many punchspec frames (a JUnit test or an
 * explorer task runs the model some 60-100 frames deep).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LockPairBenchmark {

    @Param({"0", "64"})
    public int extraFrames;

    private ModelLock lock;
    private TaskContext task;

    @Setup(Level.Trial)
    public void setUp() {
        lock = new ModelLock("bench folio", LockRank.FOLIO_LOCK);
        task = new LockValidator(ViolationPolicy.THROW).newTask(0, "bench", new SequentialHook());
    }

    /** One lock/unlock pair, {@code extraFrames} below the benchmark method. */
    @Benchmark
    public boolean lockUnlock() {
        return below(extraFrames);
    }

    private boolean below(int frames) {
        if (frames > 0) {
            return below(frames - 1);
        }
        lock.lock(task, LockMode.EXCLUSIVE);
        boolean held = lock.isHeldBy(task);
        lock.unlock(task);
        return held;
    }
}
