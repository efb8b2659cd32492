package dev.punchspec.verify.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.punchspec.punch.Generation;
import dev.punchspec.verify.explore.Exploration;
import dev.punchspec.verify.explore.Explorer;
import dev.punchspec.verify.explore.Properties;
import dev.punchspec.verify.explore.Step;
import dev.punchspec.verify.fs.FsWorld;
import dev.punchspec.verify.fs.StoreRaceScenario;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A loaded file explored: {@code generic-346.json} says in JSON what {@code StoreRaceScenarioTest}'s
 * member says in Java, and the explorer finds the same: {@code truncate} loses the stored byte in
 * all 5 interleavings with a 30-step shortest schedule, {@code newest} keeps it.
 */
class FileScenarioTest {

    private static final ScenarioLoader LOADER = new ScenarioLoader();

    private static ScenarioSpec load(String name) throws ScenarioException {
        return LOADER.load(ScenarioLoaderTest.SCENARIOS.resolve(name));
    }

    @Test
    void generic346AsAFileLosesTheStoreOnTruncateOnly() throws ScenarioException {
        ScenarioSpec spec = load("generic-346.json");
        Explorer explorer = new Explorer(spec.maxSteps(), spec.maxExecutions());
        FileScenario truncate = new FileScenario(spec, Generation.TRUNCATE);
        assertEquals("generic-346 truncate", truncate.name());
        assertEquals(List.of("writer", "storer"), truncate.taskNames());
        Exploration e = explorer.explore(truncate);
        assertTrue(e.complete());
        assertEquals(5, e.executions());
        Exploration.Finding f = e.findings().getOrDefault(Properties.DATA_LOST,
                new Exploration.Finding("none", 0, "", List.of()));
        assertEquals(List.of(Properties.DATA_LOST), List.copyOf(e.findings().keySet()));
        assertEquals(5, f.executions());
        assertEquals("DATA_LOST: byte 1 reads 0 after fsync and cache drop, expected 127", f.detail());
        List<String> steps = new ArrayList<>();
        for (Step s : f.schedule()) {
            steps.add(s.taskId() + ": " + s.what());
        }
        assertEquals(30, steps.size());
        assertEquals(List.of("0: start", "0: lock i_rwsem EXCLUSIVE", "0: lock ILOCK EXCLUSIVE", "0: unlock ILOCK",
                "1: start", "1: woken: wait for: writer stalled"), steps.subList(0, 6));
        assertEquals(List.of("1: store [1, 2) of file", "0: woken: user fault: store done"), steps.subList(19, 21));

        Exploration newest = explorer.explore(new FileScenario(spec, Generation.NEWEST));
        assertEquals(5, newest.executions());
        assertEquals(Map.of(), newest.findings(), newest.report());
    }

    @Test
    void theSetupRunsBeforeTheTasksInEveryWorld() throws ScenarioException {
        ScenarioSpec spec = load("setup-then-read.json");
        FileScenario scenario = new FileScenario(spec, Generation.NEWEST);
        FsWorld world = scenario.newWorld();
        assertEquals(4, world.file().iSizeByte());
        // Written and synced (blocks 0 and 1 allocated), dropped, re-read and dirtied whole by the
        // store's page_mkwrite, then cleaned: writeback of [0, 2) writes the whole dirty folio 0.
        assertEquals("i_size=4 extents=[[0, 2) WRITTEN @0] cache=pagecache file [folio{index=0, order=0,"
                + " uptodate, ifs=UU}] file invalidate_lock [INVALIDATE_LOCK] free", world.endState());
        assertEquals(List.of((byte) 254, (byte) 255, (byte) 9, (byte) 1), List.of(world.expected().at(0),
                world.expected().at(1), world.expected().at(2), world.expected().at(3)));
        assertEquals(List.of(), scenario.violationsAtStep(world));
        assertEquals(List.of(), scenario.violationsAtRest(world));
        assertEquals(world.validator(), scenario.validator(world));
        Exploration e = new Explorer(spec.maxSteps(), spec.maxExecutions()).explore(scenario);
        assertEquals(1, e.executions());
        assertEquals(Map.of(), e.findings(), e.report());
    }

    private static Exploration.Finding finding(Exploration e, String property) {
        return e.findings().getOrDefault(property, new Exploration.Finding("none", 0, "", List.of()));
    }

    @Test
    void aFileSaysWhatTheStoreRaceMemberSays() throws ScenarioException, IOException {
        // StoreRaceScenario's member page 4 / block 2, i_size 1, write [0, 1) faulting at once,
        // store at byte 0: on newest the unaligned-EOF punch, found between steps.
        ScenarioSpec spec = LOADER.parse(Files.readString(ScenarioLoaderTest.SCENARIOS.resolve("generic-346.json"))
                .replace("\"blockSize\": 4", "\"blockSize\": 2").replace("\"iSizeByte\": 4", "\"iSizeByte\": 1")
                .replace("\"lengthByte\": 4", "\"lengthByte\": 1").replace("\"posByte\": 1", "\"posByte\": 0"));
        Explorer explorer = new Explorer(300, 1000);
        Exploration file = explorer.explore(new FileScenario(spec, Generation.NEWEST));
        Exploration member = explorer.explore(new StoreRaceScenario(new StoreRaceScenario.Params(
                new dev.punchspec.api.Geometry(4, 2, 0), 1, 0, 1, 0, 0), Generation.NEWEST));
        assertEquals(member.executions(), file.executions());
        assertEquals(member.findings().keySet(), file.findings().keySet());
        for (String property : member.findings().keySet()) {
            Exploration.Finding m = finding(member, property);
            Exploration.Finding f = finding(file, property);
            assertEquals(m.detail(), f.detail());
            assertEquals(m.executions(), f.executions());
            assertEquals(m.schedule().size(), f.schedule().size(), property);
        }
        assertTrue(finding(member, Properties.DIRTY_WITHOUT_RESERVATION).schedule().size()
                < finding(member, Properties.DATA_LOST).schedule().size());
    }

    @Test
    void aFaultWithoutStagingAndAnFsyncRunInOneTask() throws ScenarioException {
        ScenarioSpec spec = LOADER.parse("{\"format\": \"punchspec-scenario/1\", \"name\": \"short\", \"geometry\":"
                + " {\"pageSize\": 4, \"blockSize\": 2, \"maxFolioOrder\": 0}, \"iSizeByte\": 0, \"tasks\": [{\"name\":"
                + " \"t\", \"ops\": [{\"op\": \"write\", \"posByte\": 0, \"lengthByte\": 4, \"readableByte\": 2},"
                + " {\"op\": \"fsync\"}]}], \"bounds\": {\"maxSteps\": 300, \"maxExecutions\": 10}}");
        Exploration e = new Explorer(300, 10).explore(new FileScenario(spec, Generation.NEWEST));
        assertEquals(1, e.executions());
        assertEquals(Map.of(), e.findings(), e.report());
        // The copy faulted after 2 bytes: i_size 2, block 0 written by the fsync, block 1's
        // reservation punched, the folio's second block not uptodate.
        assertEquals(List.of("i_size=2 extents=[[0, 1) WRITTEN @0] cache=pagecache file [folio{index=0, order=0,"
                + " ifs=U-}] file invalidate_lock [INVALIDATE_LOCK] free"), List.copyOf(e.endStates().keySet()));
    }

    @Test
    void aFailingSetupNamesItsOperation() {
        FileScenario.SetupFailed e = assertThrows(FileScenario.SetupFailed.class, () -> FileScenario.runSetup(
                new FsWorld(new dev.punchspec.api.Geometry(4, 4, 0), 8, 0, Generation.NEWEST),
                List.of(new Op.Fsync(), new Op.Write(1, 1, 0, 1, null, null))));
        assertEquals(1, e.index());
        assertEquals("setup operation 1 failed: posByte = 1 lies beyond i_size 0: EOF zeroing"
                + " (xfs_file_write_zero_eof) is not modelled", e.getMessage());
    }
}
