package dev.punchspec.verify.scenario;

import dev.punchspec.api.lock.TaskContext;
import dev.punchspec.extent.XfsError;
import dev.punchspec.verify.fs.FsWorld;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One operation of a scenario file, as the file names it ({@code "op"}), run on the world's
 * {@link dev.punchspec.verify.fs.FileOps} by the task that owns it. The loader has validated every
 * field ({@link ScenarioLoader}); an operation that still fails when it runs (a write beyond
 * {@code i_size}, {@code ENOSPC}) throws, and the explorer reports that as the task's outcome.
 */
public sealed interface Op permits Op.Write, Op.MmapStore, Op.Read, Op.Writeback, Op.Fsync, Op.DropCaches,
        Op.Signal, Op.WaitFor {

    /**
     * Runs the operation.
     *
     * @param world the execution's world
     * @param task the task running it
     * @throws XfsError what the operation's reservation or conversion throws
     */
    void run(FsWorld world, TaskContext task) throws XfsError;

    /**
     * A buffered {@code pwrite()} ({@link dev.punchspec.verify.fs.FileOps#bufferedWrite}): byte
     * {@code i} of the buffer is {@code (firstValue + i) mod 256}; the copy faults at
     * {@code readableByte} ({@code lengthByte}: never). At the fault the write signals
     * {@code faultSignal} and waits for {@code faultWaitFor}, each when given: the staging of
     * {@link dev.punchspec.verify.fs.StoreRaceScenario}, said in the file.
     *
     * @param posByte where the write starts
     * @param lengthByte its length, at least 1
     * @param firstValue the first byte's value, in [0, 255]
     * @param readableByte the readable prefix of the buffer, in [0, lengthByte]
     * @param faultSignal the event signalled at the fault, or null
     * @param faultWaitFor the event waited for at the fault, or null
     */
    record Write(long posByte, int lengthByte, int firstValue, int readableByte, @Nullable String faultSignal,
            @Nullable String faultWaitFor) implements Op {

        /** @return the user buffer */
        public byte[] data() {
            byte[] data = new byte[lengthByte];
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) (firstValue + i);
            }
            return data;
        }

        @Override
        public void run(FsWorld world, TaskContext task) throws XfsError {
            String signal = faultSignal;
            String waitFor = faultWaitFor;
            world.ops().bufferedWrite(task, posByte, data(), readableByte, () -> {
                if (signal != null) {
                    world.signal(signal);
                }
                if (waitFor != null) {
                    task.scheduler().blockUntil("user fault: " + waitFor, () -> world.signalled(waitFor));
                }
            });
        }
    }

    /**
     * A one-byte store through a shared mapping ({@link dev.punchspec.verify.fs.FileOps#mmapStore}).
     *
     * @param posByte the byte stored to
     * @param value the value, in [0, 255]
     */
    record MmapStore(long posByte, int value) implements Op {
        @Override
        public void run(FsWorld world, TaskContext task) throws XfsError {
            world.ops().mmapStore(task, posByte, (byte) value);
        }
    }

    /**
     * A buffered {@code pread()} of {@code [posByte, posByte + lengthByte)}
     * ({@link dev.punchspec.verify.fs.FileOps#bufferedRead}).
     *
     * @param posByte where the read starts
     * @param lengthByte its length
     */
    record Read(long posByte, int lengthByte) implements Op {
        @Override
        public void run(FsWorld world, TaskContext task) {
            world.ops().bufferedRead(task, posByte, lengthByte);
        }
    }

    /**
     * Writeback of {@code [startByte, endByte)} ({@link dev.punchspec.verify.fs.FileOps#writeback}).
     *
     * @param startByte the range's first byte
     * @param endByte the byte just past it, greater than {@code startByte}
     */
    record Writeback(long startByte, long endByte) implements Op {
        @Override
        public void run(FsWorld world, TaskContext task) throws XfsError {
            world.ops().writeback(task, startByte, endByte);
        }
    }

    /** {@code fsync()} ({@link dev.punchspec.verify.fs.FileOps#fsync}). */
    record Fsync() implements Op {
        @Override
        public void run(FsWorld world, TaskContext task) throws XfsError {
            world.ops().fsync(task);
        }
    }

    /** A page-cache drop ({@link dev.punchspec.verify.fs.FileOps#dropCaches}). */
    record DropCaches() implements Op {
        @Override
        public void run(FsWorld world, TaskContext task) {
            world.ops().dropCaches(task);
        }
    }

    /**
     * Records an event other tasks may wait for.
     *
     * @param event the event's name
     */
    record Signal(String event) implements Op {
        @Override
        public void run(FsWorld world, TaskContext task) {
            world.signal(event);
        }
    }

    /**
     * Blocks the task, at a scheduling point, until another task signalled the event.
     *
     * @param event the event's name
     */
    record WaitFor(String event) implements Op {
        @Override
        public void run(FsWorld world, TaskContext task) {
            task.scheduler().blockUntil("wait for: " + event, () -> world.signalled(event));
        }
    }
}
