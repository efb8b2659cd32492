package dev.punchspec.verify.scenario;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.punchspec.api.Geometry;
import dev.punchspec.punch.Generation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The scenario loader: good files become the exact {@link ScenarioSpec}; every file of the hostile
 * corpus ({@code src/test/resources/hostile/}) is rejected with the one message
 * {@code EXPECTED.tsv} gives for it.
 */
class ScenarioLoaderTest {

    static final Path HOSTILE = Path.of("src/test/resources/hostile");
    static final Path SCENARIOS = Path.of("src/test/resources/scenarios");
    private static final ScenarioLoader LOADER = new ScenarioLoader();

    /** {@code EXPECTED.tsv}: file name, tab, the message. */
    static Map<String, String> expected() throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (String line : Files.readAllLines(HOSTILE.resolve("EXPECTED.tsv"), StandardCharsets.UTF_8)) {
            int tab = line.indexOf('\t');
            out.put(line.substring(0, tab), line.substring(tab + 1));
        }
        return out;
    }

    static List<String> hostileFiles() throws IOException {
        try (Stream<Path> files = Files.list(HOSTILE)) {
            return files.map(p -> String.valueOf(p.getFileName())).filter(n -> n.endsWith(".json")).sorted()
                    .collect(Collectors.toList());
        }
    }

    @Test
    void everyHostileFileHasItsExpectedMessageAndNoMore() throws IOException {
        assertEquals(hostileFiles(), new ArrayList<>(expected().keySet()));
        assertEquals(28, hostileFiles().size());
    }

    @ParameterizedTest
    @MethodSource("hostileFiles")
    void hostileFileIsRejectedWithItsMessage(String name) throws IOException {
        ScenarioException e = assertThrows(ScenarioException.class, () -> LOADER.load(HOSTILE.resolve(name)));
        assertEquals(expected().get(name), e.getMessage());
        assertTrue(e.getMessage().startsWith(e.pointer().isEmpty() ? "(document): " : e.pointer() + ": "));
    }

    @Test
    void aMissingFileIsNamed() {
        ScenarioException e = assertThrows(ScenarioException.class, () -> LOADER.load(HOSTILE.resolve("absent.json")));
        assertEquals("", e.pointer());
        assertTrue(e.getMessage().startsWith("(document): cannot read src/test/resources/hostile/absent.json: "),
                e.getMessage());
    }

    @Test
    void generic346LoadsAsWritten() throws ScenarioException {
        ScenarioSpec s = LOADER.load(SCENARIOS.resolve("generic-346.json"));
        assertEquals("generic-346", s.name());
        assertEquals(new Geometry(4, 4, 0), s.geometry());
        assertEquals(ScenarioLoader.DEFAULT_CAPACITY_BLOCKS, s.capacityBlocks());
        assertEquals(4, s.iSizeByte());
        assertEquals(List.of(), s.setup());
        assertEquals(List.of(
                new ScenarioSpec.TaskSpec("writer", List.of(new Op.Write(0, 4, 0x10, 0, "writer stalled", "store done"))),
                new ScenarioSpec.TaskSpec("storer", List.of(new Op.WaitFor("writer stalled"), new Op.MmapStore(1, 127),
                        new Op.Signal("store done")))), s.tasks());
        assertEquals(300, s.maxSteps());
        assertEquals(1000, s.maxExecutions());
        assertEquals(List.of(Generation.TRUNCATE, Generation.NEWEST), s.generations());
    }

    @Test
    void setupOperationsAndDefaultsLoad() throws ScenarioException {
        ScenarioSpec s = LOADER.load(SCENARIOS.resolve("setup-then-read.json"));
        assertEquals(8, s.capacityBlocks());
        assertEquals(List.of(new Op.Write(0, 4, 254, 4, null, null), new Op.Fsync(), new Op.DropCaches(),
                new Op.MmapStore(2, 9), new Op.Writeback(0, 2)), s.setup());
        assertEquals(List.of(new ScenarioSpec.TaskSpec("reader", List.of(new Op.Read(0, 4)))), s.tasks());
        assertEquals(List.of(Generation.NEWEST), s.generations());
    }

    private static String minimal(String extra) {
        return "{\"format\": \"punchspec-scenario/1\", \"name\": \"m\", \"geometry\": {\"pageSize\": 8, \"blockSize\": 2,"
                + " \"maxFolioOrder\": 1}, \"iSizeByte\": 3, \"tasks\": [{\"name\": \"t\", \"ops\": [{\"op\": \"fsync\"}]}],"
                + " \"bounds\": {\"maxSteps\": 7, \"maxExecutions\": 9}" + extra + "}";
    }

    @Test
    void generationsDefaultToAllAndAllMayBeNamed() throws ScenarioException {
        assertEquals(List.of(Generation.values()), LOADER.parse(minimal("")).generations());
        assertEquals(List.of(Generation.values()),
                LOADER.parse(minimal(", \"generations\": [\"newest\", \"all\"]")).generations());
        assertEquals(List.of(Generation.SEED_61, Generation.INDEX32),
                LOADER.parse(minimal(", \"generations\": [\"index32\", \"seed-6.1\", \"index32\"]")).generations());
        ScenarioSpec s = LOADER.parse(minimal(""));
        assertEquals(new Geometry(8, 2, 1), s.geometry());
        assertEquals(3, s.iSizeByte());
        assertEquals(7, s.maxSteps());
        assertEquals(9, s.maxExecutions());
    }

    @Test
    void boundariesOfTheLoadersOwnChecks() throws ScenarioException {
        String write = ", \"setup\": [{\"op\": \"write\", \"posByte\": 0, \"lengthByte\": 3}]";
        // The largest offset itself is allowed; a write may end exactly there; readable == length.
        assertEquals(ScenarioLoader.MAX_FILE_BYTE, LOADER.parse(minimal("").replace("\"iSizeByte\": 3",
                "\"iSizeByte\": 1048576")).iSizeByte());
        assertEquals(List.of(new Op.Write(0, 3, 0x10, 3, null, null)), LOADER.parse(minimal(write)).setup());
        String task = minimal("").replace("{\"op\": \"fsync\"}",
                "{\"op\": \"write\", \"posByte\": 1048575, \"lengthByte\": 1, \"readableByte\": 1},"
                + " {\"op\": \"read\", \"posByte\": 0, \"lengthByte\": 1048576},"
                + " {\"op\": \"writeback\", \"startByte\": 4, \"endByte\": 5}");
        assertEquals(List.of(new Op.Write(1048575, 1, 0x10, 1, null, null), new Op.Read(0, 1048576),
                new Op.Writeback(4, 5)), LOADER.parse(task).tasks().get(0).ops());
        ScenarioException equalEnds = assertThrows(ScenarioException.class, () -> LOADER.parse(task.replace(
                "\"endByte\": 5", "\"endByte\": 4")));
        assertEquals("/tasks/0/ops/2/endByte: must be greater than startByte = 4 (value: 4)", equalEnds.getMessage());
        ScenarioException pastEnd = assertThrows(ScenarioException.class, () -> LOADER.parse(task.replace(
                "\"posByte\": 1048575", "\"posByte\": 1048576")));
        assertEquals("/tasks/0/ops/0/lengthByte: the range ends at byte 1048577, beyond the largest scenario offset"
                + " 1048576 (value: 1)", pastEnd.getMessage());
        ScenarioException onFault = assertThrows(ScenarioException.class, () -> LOADER.parse(minimal(write.replace(
                "\"lengthByte\": 3", "\"lengthByte\": 3, \"onFault\": {\"signal\": \"x\"}"))));
        assertEquals("/setup/0/onFault: the setup runs alone and completes: its writes do not fault",
                onFault.getMessage());
        ScenarioException waitInSetup = assertThrows(ScenarioException.class, () -> LOADER.parse(minimal(
                ", \"setup\": [{\"op\": \"waitFor\", \"event\": \"x\"}]")));
        assertEquals("/setup/0/op: the setup runs alone: it has no events to signal or wait for (value: \"waitFor\")",
                waitInSetup.getMessage());
    }

    @Test
    void eventsSignalledByAnotherTaskOrItsFaultSatisfyTheWait() throws ScenarioException {
        String tasks = "[{\"name\": \"a\", \"ops\": [{\"op\": \"write\", \"posByte\": 0, \"lengthByte\": 2,"
                + " \"readableByte\": 1, \"onFault\": {\"signal\": \"stalled\", \"waitFor\": \"done\"}}]},"
                + " {\"name\": \"b\", \"ops\": [{\"op\": \"waitFor\", \"event\": \"stalled\"}, {\"op\": \"signal\","
                + " \"event\": \"done\"}]}]";
        String text = minimal("").replaceFirst("\\[\\{\"name\": \"t\".*?\\]\\}\\]", tasks);
        ScenarioSpec s = LOADER.parse(text);
        assertEquals(List.of("a", "b"), List.of(s.tasks().get(0).name(), s.tasks().get(1).name()));
        assertEquals(new Op.Write(0, 2, 0x10, 1, "stalled", "done"), s.tasks().get(0).ops().get(0));
    }

    @Test
    void pointerTokensAreEscaped() {
        assertEquals("a~0b~1c", ScenarioLoader.escape("a~b/c"));
        ScenarioException e = assertThrows(ScenarioException.class, () -> LOADER.parse(minimal(", \"x/y~z\": 1")));
        assertEquals("/x~1y~0z: schema: property 'x/y~z' is not defined in the schema and the schema does not allow"
                + " additional properties", e.getMessage());
    }

    @Test
    void theSchemaShipsWithTheFormat() {
        assertTrue(ScenarioLoader.schemaText().contains("\"const\": \"" + ScenarioLoader.FORMAT + "\""));
    }

    @Test
    void aWriteBufferCountsUpFromItsFirstValueModulo256() {
        assertArrayEquals(new byte[] {(byte) 254, (byte) 255, 0, 1}, new Op.Write(0, 4, 254, 4, null, null).data());
    }
}
