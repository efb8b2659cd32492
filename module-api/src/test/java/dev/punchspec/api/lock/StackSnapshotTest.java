package dev.punchspec.api.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.punchspec.lockorder.qual.LockRank;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StackSnapshotTest {

    private final LockValidator validator = new LockValidator(ViolationPolicy.THROW);
    private final TaskContext task = validator.newTask(2, "fault", new SequentialHook());

    @Test
    void keepsPunchspecCallersAndDropsTheLockModelAndEverythingElse() {
        assertTrue(StackSnapshot.isCallerFrame("dev.punchspec.api.lock.ModelLockTest"));
        assertTrue(StackSnapshot.isCallerFrame("dev.punchspec.api.lock.ModelLockTest$Nested"));
        assertTrue(StackSnapshot.isCallerFrame("dev.punchspec.cache.FolioCache"));
        assertFalse(StackSnapshot.isCallerFrame("dev.punchspec.api.lock.ModelLock"));
        assertFalse(StackSnapshot.isCallerFrame("dev.punchspec.api.lock.ModelLock$1"));
        assertFalse(StackSnapshot.isCallerFrame("dev.punchspec.api.lock.TaskContext"));
        assertFalse(StackSnapshot.isCallerFrame("dev.punchspec.api.lock.LockValidator"));
        assertFalse(StackSnapshot.isCallerFrame("dev.punchspec.api.lock.StackSnapshot"));
        assertFalse(StackSnapshot.isCallerFrame("org.junit.platform.Launcher"));
        assertFalse(StackSnapshot.isCallerFrame("java.lang.Thread"));
    }

    @Test
    void captureStartsAtTheCallerAndStaysInPunchspec() {
        task.enter("fault");
        StackSnapshot here = StackSnapshot.capture(task);
        assertEquals(2, here.taskId());
        assertEquals("fault", here.taskName());
        assertEquals(List.of("fault"), here.modelPath());
        assertEquals("captureStartsAtTheCallerAndStaysInPunchspec", Fixtures.innermost(here));
        assertEquals(List.of("StackSnapshotTest"), Fixtures.classes(here));
    }

    @Test
    void captureKeepsAtMostMaxFrames() {
        StackSnapshot deep = recurse(StackSnapshot.MAX_FRAMES + 8);
        assertEquals(StackSnapshot.MAX_FRAMES, deep.javaFrames().size());
        assertTrue(Fixtures.methods(deep).stream().allMatch(method -> method.equals("recurse")));
        StackSnapshot shallow = recurse(3);
        assertEquals(List.of("recurse", "recurse", "recurse", "captureKeepsAtMostMaxFrames"), Fixtures.methods(shallow));
    }

    private StackSnapshot recurse(int depth) {
        return depth == 1 ? StackSnapshot.capture(task) : recurse(depth - 1);
    }

    @Test
    void constructorValidatesAndCopies() {
        List<String> path = new ArrayList<>(List.of("a"));
        List<StackTraceElement> frames = new ArrayList<>();
        StackSnapshot snapshot = new StackSnapshot(0, "t", path, frames);
        path.add("b");
        frames.add(new StackTraceElement("dev.punchspec.X", "m", "X.java", 1));
        assertEquals(List.of("a"), snapshot.modelPath());
        assertEquals(List.of(), snapshot.javaFrames());
        assertThrows(IllegalArgumentException.class, () -> new StackSnapshot(-1, "t", path, frames));
        assertThrows(IllegalArgumentException.class, () -> new StackSnapshot(0, "\t", path, frames));
    }

    @Test
    void rendersTaskPathAndFrames() {
        StackSnapshot bare = new StackSnapshot(1, "writer", List.of(), List.of());
        assertEquals("task 1 (writer)", bare.taskLabel());
        assertEquals("task 1 (writer)", bare.toString());
        assertEquals("task 1 (writer)", bare.render());
        StackSnapshot full = new StackSnapshot(1, "writer", List.of("write", "release"), List.of(
                new StackTraceElement("dev.punchspec.punch.Seed", "scan", "Seed.java", 42),
                new StackTraceElement("dev.punchspec.punch.Seed", "release", "Seed.java", 7)));
        assertEquals("task 1 (writer) in write > release\n"
                + "    at dev.punchspec.punch.Seed.scan(Seed.java:42)\n"
                + "    at dev.punchspec.punch.Seed.release(Seed.java:7)", full.render());
        assertEquals("task 1 (writer) in write > release", full.toString());
    }

    @Test
    void snapshotsOfLockEventsAreTakenWhereTheLockModelWasCalled() {
        ModelLock folio = new ModelLock("folio 0", LockRank.FOLIO_LOCK);
        folio.lock(task, LockMode.EXCLUSIVE);
        StackSnapshot site = folio.holders().get(0).acquiredAt();
        assertEquals("snapshotsOfLockEventsAreTakenWhereTheLockModelWasCalled", Fixtures.innermost(site));
        assertFalse(Fixtures.classes(site).contains("ModelLock"));
    }
}
