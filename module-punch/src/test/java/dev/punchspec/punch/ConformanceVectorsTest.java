package dev.punchspec.punch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The conformance vectors in {@code conformance/vectors.json}: they validate against
 * {@code conformance/vectors.schema.json}, they are exactly the cases the generator enumerates, and
 * replaying every vector through every generation reproduces every recorded outcome (the module's
 * regression test). Run with {@code -Dpunchspec.regenerateVectors=true} to rewrite the file after
 * an intended change of behaviour; the diff then shows what changed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConformanceVectorsTest {

    static final Path DIR = Path.of("conformance");
    static final Path VECTORS = DIR.resolve("vectors.json");
    static final Path SCHEMA = DIR.resolve("vectors.schema.json");

    private final List<ConformanceVectors.Case> cases = ConformanceVectors.cases();
    private JsonNode doc = ConformanceVectors.JSON.nullNode();

    @BeforeAll
    void load() throws IOException {
        if (Boolean.getBoolean("punchspec.regenerateVectors")) {
            write(cases);
        }
        doc = ConformanceVectors.JSON.readTree(VECTORS.toFile());
    }

    @Test
    void vectorsValidateAndAreExactlyTheGeneratorsCases() throws IOException {
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(Files.readString(SCHEMA));
        List<Error> errors = schema.validate(doc);
        assertTrue(errors.isEmpty(), "schema errors: " + errors);

        assertEquals(ConformanceVectors.FORMAT, doc.get("format").asText());
        List<String> names = new ArrayList<>();
        for (Generation g : Generation.values()) {
            names.add(g.kernelName());
        }
        List<String> listed = new ArrayList<>();
        doc.get("generations").forEach(n -> listed.add(n.asText()));
        assertEquals(names, listed);

        JsonNode vectors = doc.get("vectors");
        assertEquals(cases.size(), vectors.size(), "vector count");
        for (int i = 0; i < vectors.size(); i++) {
            JsonNode v = vectors.get(i);
            ConformanceVectors.Case k = ConformanceVectors.fromJson(v);
            assertEquals(cases.get(i).id(), k.id(), "vector " + i);
            ObjectNode recorded = ((ObjectNode) v).deepCopy();
            recorded.remove("results");
            assertEquals(normal(ConformanceVectors.toJson(cases.get(i), false)), recorded,
                    "case " + k.id() + " differs from the generator's");
        }
    }

    /**
     * Replaying every vector through one generation reproduces every recorded outcome; one case per
     * generation, so that a mutation analysis runs the replay of the generation it changed.
     */
    @ParameterizedTest
    @EnumSource(Generation.class)
    void replayReproducesEveryRecordedOutcome(Generation g) throws IOException {
        JsonNode vectors = doc.get("vectors");
        assertEquals(cases.size(), vectors.size(), "vector count");
        int punches = 0;
        for (int i = 0; i < vectors.size(); i++) {
            JsonNode v = vectors.get(i);
            ConformanceVectors.Case k = ConformanceVectors.fromJson(v);
            JsonNode want = v.get("results").get(g.kernelName());
            JsonNode got = normal(ConformanceVectors.run(g, k));
            if (!want.equals(got)) {
                fail(k.id() + " " + g.kernelName() + ": recorded " + want + ", replayed " + got);
            }
            punches += got.get("punches").size();
        }
        assertTrue(punches > 0, g.kernelName() + " never punched");
    }

    /** The node as it reads back from JSON text (numbers as the parser types them). */
    private static JsonNode normal(JsonNode node) throws IOException {
        return ConformanceVectors.JSON.readTree(ConformanceVectors.JSON.writeValueAsString(node));
    }

    private static void write(List<ConformanceVectors.Case> cases) throws IOException {
        Files.createDirectories(DIR);
        try (Writer w = Files.newBufferedWriter(VECTORS, StandardCharsets.UTF_8)) {
            w.write("{\"format\": \"" + ConformanceVectors.FORMAT + "\",\n");
            w.write(" \"description\": \"punchspec conformance vectors: one ->iomap_end call of a"
                    + " buffered write on a small page cache and XFS extent map, and what every"
                    + " generation of the iomap delalloc punch does with it. See README.md.\",\n");
            w.write(" \"generations\": [");
            Generation[] gs = Generation.values();
            for (int i = 0; i < gs.length; i++) {
                w.write((i > 0 ? ", " : "") + "\"" + gs[i].kernelName() + "\"");
            }
            w.write("],\n \"vectors\": [\n");
            for (int i = 0; i < cases.size(); i++) {
                w.write(ConformanceVectors.JSON.writeValueAsString(
                        ConformanceVectors.toJson(cases.get(i), true)));
                w.write(i + 1 < cases.size() ? ",\n" : "\n");
            }
            w.write("]}\n");
        }
    }
}
