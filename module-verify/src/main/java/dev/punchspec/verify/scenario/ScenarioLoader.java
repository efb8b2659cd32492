package dev.punchspec.verify.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import dev.punchspec.api.Geometry;
import dev.punchspec.punch.Generation;
import dev.punchspec.verify.fs.FsWorld;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Loads scenario files (format {@value #FORMAT}): JSON, validated against the schema
 * {@value #SCHEMA_RESOURCE} (JSON Schema 2020-12, by networknt's validator), then checked for what
 * a schema cannot say, then turned into a {@link ScenarioSpec}.
 *
 * <p>Implementation overview. Three passes, each stopping at the first problem, so that bad input
 * gets one message naming the field (a JSON pointer) and its value, and nothing runs: (1) parsing,
 * strict (duplicate keys and trailing content are errors); (2) the schema: shapes, types, required
 * and unknown fields, operation names, non-negative integers; of several schema errors the first
 * the validator reports is reported; (3) the loader's own checks: every integer fits a {@code long};
 * the geometry's rules ({@link Geometry}'s constructor); each byte range's end computed without
 * overflow and at most {@value #MAX_FILE_BYTE} bytes (the oracle reads the file byte by byte, and
 * exploration runs at tiny sizes); a write's readable prefix within its length; a writeback's end
 * after its start; every awaited event signalled by another task; the setup free of faults and
 * events (it runs alone); known generations; and the setup run once on a fresh world for each
 * generation asked, so that a setup operation the model rejects (a write beyond EOF) is reported
 * here rather than in every execution. Rejected alternative: reporting every error at once; one
 * clear message is what the command promises, and later checks assume earlier ones passed.
 */
public final class ScenarioLoader {

    /** The format this loader reads, the value of the file's {@code "format"} field. */
    public static final String FORMAT = "punchspec-scenario/1";
    /** The schema's resource name, next to this class. */
    public static final String SCHEMA_RESOURCE = "punchspec-scenario-1.schema.json";
    /** The largest byte offset or range end a scenario may name: 1 MiB. */
    public static final long MAX_FILE_BYTE = 1L << 20;
    /** The disk's size when the file does not say: as {@link dev.punchspec.verify.fs.StoreRaceScenario}'s. */
    public static final long DEFAULT_CAPACITY_BLOCKS = 64;
    /** A write's first byte value when the file does not say. */
    public static final int DEFAULT_FIRST_VALUE = 0x10;

    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private final Schema schema;

    /**
     * Reads the schema from the module's resources.
     *
     * @throws UncheckedIOException if the resource cannot be read or parsed (a broken build)
     */
    public ScenarioLoader() {
        try {
            JsonNode schemaNode = mapper.readTree(schemaText());
            this.schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(schemaNode);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @return the schema's text, as shipped in the jar
     * @throws UncheckedIOException if the resource cannot be read (a broken build)
     */
    public static String schemaText() {
        // A jar without the schema is a broken build: NoSuchElementException.
        try (InputStream in = Optional.ofNullable(ScenarioLoader.class.getResourceAsStream(SCHEMA_RESOURCE))
                .orElseThrow()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Loads a scenario file.
     *
     * @param file the file
     * @return the scenario
     * @throws ScenarioException naming the field and value of the first problem, or the file when
     *     it cannot be read
     */
    public ScenarioSpec load(Path file) throws ScenarioException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ScenarioException("", "cannot read " + file + ": " + e);
        }
        return parse(text);
    }

    /**
     * Parses and validates a scenario.
     *
     * @param text the file's text
     * @return the scenario
     * @throws ScenarioException naming the field and value of the first problem
     */
    public ScenarioSpec parse(String text) throws ScenarioException {
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ScenarioException("", "not valid JSON: " + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        }
        List<Error> errors = schema.validate(root);
        if (!errors.isEmpty()) {
            Error first = errors.get(0);
            String where = pointer(first.getInstanceLocation());
            // An unknown or missing field is named by its own pointer, not its parent's: the
            // validator names a property only in those errors (additionalProperties, required).
            String property = first.getProperty();
            if (property != null) {
                where = where + "/" + escape(property);
            }
            throw new ScenarioException(where, "schema: " + first.getMessage() + valueSuffix(first.getInstanceNode()));
        }
        return build(root);
    }

    /** The RFC 6901 pointer of a validator's instance location. */
    static String pointer(NodePath path) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            text.append('/').append(escape(String.valueOf(path.getElement(i))));
        }
        return text.toString();
    }

    /** A reference token of a JSON pointer: {@code ~} as {@code ~0}, {@code /} as {@code ~1} (RFC 6901). */
    static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    /** {@code " (value: X)"} for a scalar, nothing for an object or array (its fields are named). */
    private static String valueSuffix(JsonNode node) {
        return node.isValueNode() ? " (value: " + node + ")" : "";
    }

    private ScenarioSpec build(JsonNode root) throws ScenarioException {
        JsonNode g = root.path("geometry");
        Geometry geometry;
        try {
            geometry = new Geometry(longAt(g, "/geometry", "pageSize"), longAt(g, "/geometry", "blockSize"),
                    (int) longAt(g, "/geometry", "maxFolioOrder"));
        } catch (IllegalArgumentException e) {
            throw new ScenarioException("/geometry", e.getMessage() + " (value: " + g + ")");
        }
        long capacityBlocks = root.has("capacityBlocks") ? longAt(root, "", "capacityBlocks") : DEFAULT_CAPACITY_BLOCKS;
        long iSizeByte = byteAt(root, "", "iSizeByte");
        List<Op> setup = ops(root.path("setup"), "/setup", true);
        List<ScenarioSpec.TaskSpec> tasks = new ArrayList<>();
        JsonNode tasksNode = root.path("tasks");
        for (int t = 0; t < tasksNode.size(); t++) {
            JsonNode task = tasksNode.get(t);
            tasks.add(new ScenarioSpec.TaskSpec(task.path("name").asText(), ops(task.path("ops"), "/tasks/" + t + "/ops",
                    false)));
        }
        checkEvents(tasksNode);
        JsonNode bounds = root.path("bounds");
        int maxSteps = (int) longAt(bounds, "/bounds", "maxSteps");
        long maxExecutions = longAt(bounds, "/bounds", "maxExecutions");
        List<Generation> generations = generations(root.path("generations"));
        ScenarioSpec spec = new ScenarioSpec(root.path("name").asText(), geometry, capacityBlocks, iSizeByte, setup,
                tasks, maxSteps, maxExecutions, generations);
        for (Generation generation : generations) {
            try {
                FileScenario.runSetup(new FsWorld(geometry, capacityBlocks, iSizeByte, generation), setup);
            } catch (FileScenario.SetupFailed e) {
                throw new ScenarioException("/setup/" + e.index(), String.valueOf(e.getMessage()) + " (generation "
                        + generation.kernelName() + ")");
            }
        }
        return spec;
    }

    /** The generations asked for: every one when the field is absent or says {@code "all"}. */
    private static List<Generation> generations(JsonNode names) throws ScenarioException {
        if (names.isMissingNode()) {
            return List.of(Generation.values());
        }
        Set<Generation> chosen = EnumSet.noneOf(Generation.class);
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i).asText();
            if (name.equals("all")) {
                chosen.addAll(List.of(Generation.values()));
                continue;
            }
            try {
                chosen.add(Generation.byName(name));
            } catch (IllegalArgumentException e) {
                throw new ScenarioException("/generations/" + i, String.valueOf(e.getMessage()));
            }
        }
        return List.copyOf(chosen);
    }

    /** Every {@code waitFor} (an operation or a write's fault) names an event another task signals. */
    private static void checkEvents(JsonNode tasks) throws ScenarioException {
        for (int t = 0; t < tasks.size(); t++) {
            Set<String> signalledByOthers = new TreeSet<>();
            for (int other = 0; other < tasks.size(); other++) {
                if (other != t) {
                    for (JsonNode op : tasks.get(other).path("ops")) {
                        signalledByOthers.add(op.path("event").asText(""));
                        signalledByOthers.add(op.path("onFault").path("signal").asText(""));
                    }
                }
            }
            JsonNode ops = tasks.get(t).path("ops");
            for (int i = 0; i < ops.size(); i++) {
                JsonNode op = ops.get(i);
                String where = "/tasks/" + t + "/ops/" + i;
                if (op.path("op").asText().equals("waitFor") && !signalledByOthers.contains(op.path("event").asText())) {
                    throw new ScenarioException(where + "/event", "no other task signals it, so the wait never ends"
                            + valueSuffix(op.path("event")));
                }
                JsonNode faultWait = op.path("onFault").path("waitFor");
                if (!faultWait.isMissingNode() && !signalledByOthers.contains(faultWait.asText())) {
                    throw new ScenarioException(where + "/onFault/waitFor",
                            "no other task signals it, so the wait never ends" + valueSuffix(faultWait));
                }
            }
        }
    }

    private static List<Op> ops(JsonNode array, String where, boolean setup) throws ScenarioException {
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            ops.add(op(array.get(i), where + "/" + i, setup));
        }
        return ops;
    }

    private static Op op(JsonNode op, String where, boolean setup) throws ScenarioException {
        String name = op.path("op").asText();
        switch (name) {
            case "write": {
                long pos = byteAt(op, where, "posByte");
                long length = longAt(op, where, "lengthByte");
                checkEnd(where, "lengthByte", pos, length);
                long readable = op.has("readableByte") ? longAt(op, where, "readableByte") : length;
                if (readable > length) {
                    throw new ScenarioException(where + "/readableByte", "must be at most lengthByte = " + length
                            + " (value: " + readable + ")");
                }
                if (setup && (op.has("readableByte") || op.has("onFault"))) {
                    throw new ScenarioException(where + "/" + (op.has("readableByte") ? "readableByte" : "onFault"),
                            "the setup runs alone and completes: its writes do not fault");
                }
                JsonNode fault = op.path("onFault");
                return new Op.Write(pos, (int) length, op.path("firstValue").asInt(DEFAULT_FIRST_VALUE), (int) readable,
                        fault.has("signal") ? fault.path("signal").asText() : null,
                        fault.has("waitFor") ? fault.path("waitFor").asText() : null);
            }
            case "mmapStore":
                return new Op.MmapStore(byteAt(op, where, "posByte"), op.path("value").asInt());
            case "read": {
                long pos = byteAt(op, where, "posByte");
                long length = longAt(op, where, "lengthByte");
                checkEnd(where, "lengthByte", pos, length);
                return new Op.Read(pos, (int) length);
            }
            case "writeback": {
                long start = byteAt(op, where, "startByte");
                long end = byteAt(op, where, "endByte");
                if (end <= start) {
                    throw new ScenarioException(where + "/endByte", "must be greater than startByte = " + start
                            + " (value: " + end + ")");
                }
                return new Op.Writeback(start, end);
            }
            case "fsync":
                return new Op.Fsync();
            case "dropCaches":
                return new Op.DropCaches();
            default: {
                // The schema admits only "signal" and "waitFor" besides the above.
                if (setup) {
                    throw new ScenarioException(where + "/op", "the setup runs alone: it has no events to signal or"
                            + " wait for (value: \"" + name + "\")");
                }
                String event = op.path("event").asText();
                return name.equals("signal") ? new Op.Signal(event) : new Op.WaitFor(event);
            }
        }
    }

    /** Checks {@code pos + length} for overflow and against {@link #MAX_FILE_BYTE}. */
    private static void checkEnd(String where, String lengthField, long pos, long length) throws ScenarioException {
        long end;
        try {
            end = Math.addExact(pos, length);
        } catch (ArithmeticException e) {
            throw new ScenarioException(where + "/" + lengthField, "posByte + " + lengthField + " = " + pos + " + "
                    + length + " overflows a signed 64-bit byte offset (value: " + length + ")");
        }
        if (end > MAX_FILE_BYTE) {
            throw new ScenarioException(where + "/" + lengthField, "the range ends at byte " + end
                    + ", beyond the largest scenario offset " + MAX_FILE_BYTE + " (value: " + length + ")");
        }
    }

    /** A byte offset: a {@code long} of at most {@link #MAX_FILE_BYTE}. */
    private static long byteAt(JsonNode parent, String where, String field) throws ScenarioException {
        long value = longAt(parent, where, field);
        if (value > MAX_FILE_BYTE) {
            throw new ScenarioException(where + "/" + field, "beyond the largest scenario offset " + MAX_FILE_BYTE
                    + " (value: " + value + ")");
        }
        return value;
    }

    /** An integer the schema admitted, which must also fit a {@code long}. */
    private static long longAt(JsonNode parent, String where, String field) throws ScenarioException {
        JsonNode node = parent.path(field);
        if (!node.canConvertToLong()) {
            throw new ScenarioException(where + "/" + field, "does not fit a signed 64-bit integer (value: " + node
                    + ")");
        }
        return node.asLong();
    }
}
