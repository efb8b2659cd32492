package dev.punchspec.key;

import de.uka.ilkd.key.nparser.ProofReplayer;
import de.uka.ilkd.key.proof.Proof;
import de.uka.ilkd.key.proof.io.IntermediatePresentationProofFileParser;
import de.uka.ilkd.key.proof.io.IntermediateProofReplayer;
import de.uka.ilkd.key.proof.io.OutputStreamProofSaver;
import de.uka.ilkd.key.rule.OneStepSimplifier;
import de.uka.ilkd.key.strategy.Strategy;
import de.uka.ilkd.key.strategy.StrategyProperties;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.antlr.v4.runtime.CharStreams;

/**
 * Closed proofs kept between builds: the rule applications of a proof, saved when it closes and
 * replayed onto a fresh proof of the same contract the next time, so that the gate checks a
 * known proof instead of searching for it again.
 *
 * <p>Implementation notes.
 *
 * <p>Goal: a long proof search (the punch loops take two to three minutes each on this machine)
 * is paid once per change of the proved code, not once per build, without trusting anything
 * saved. What is saved is only the proof tree: KeY's {@code node2Proof} text of every rule
 * application, with its position and instantiations (the {@code \proof} part of a {@code .proof}
 * file), gzipped. What is replayed onto is the proof {@link KeyGate#prove} has just created from
 * the current sources, with the gate's own taclet choices (overflow checking, read back before
 * the replay) and strategy. KeY's replayer re-applies each step: a taclet must match where the
 * file says, with the instantiations the file gives, on the current sequent, or the replay stops
 * there. So a replayed proof that closes is a proof of the current obligation under the gate's
 * settings, checked rule by rule by the same kernel that would have found it; a file that does
 * not belong to the obligation (stale after a source change, another contract's, another
 * semantics') cannot close it.
 *
 * <p>After a replay that stops early (a changed method, a changed contract), the automatic
 * strategy continues from the open goals the replay left, within the usual limits, so a stale
 * file costs at most the search it was meant to save. The report says per contract how it
 * closed ({@link ContractResult.Route}); a build that searched where a saved proof existed shows
 * it, and the proof it found is saved for the next run.
 *
 * <p>Rejected alternatives: loading the full {@code .proof} file through
 * {@code KeYEnvironment.load}, which takes the obligation, the Java sources' path and the taclet
 * settings from the file itself (a saved file with overflow ignored would replay "closed"); and
 * caching by a hash of the sources (a cache hit proves nothing; the replay is the check).
 */
final class SavedProofs {

    /** The suffix of a saved proof file. */
    static final String SUFFIX = ".proof.gz";

    /** The longest readable part of a file name; the rest is a hash of the contract's name. */
    private static final int NAME_PREFIX_CHARS = 96;

    private final Path replayDir;
    private final Path saveDir;

    /**
     * @param replayDir where saved proofs are read from (need not exist); null for none
     * @param saveDir where each closed proof is written (created when needed); null for none
     */
    SavedProofs(Path replayDir, Path saveDir) {
        this.replayDir = replayDir;
        this.saveDir = saveDir;
    }

    /** What a replay did. */
    record Replay(int nodes, String problem) {
        /** No saved proof for the contract. */
        static final Replay NONE = new Replay(0, "");
    }

    /**
     * The file name of a contract's saved proof: its name with every run of characters other
     * than letters, digits and dots replaced by {@code _}, cut to a readable length, and the first
     * 16 hex digits of the name's SHA-256 so that two long names sharing a prefix stay apart.
     *
     * @param contractName KeY's unique contract name
     * @return the file name
     */
    static String fileName(String contractName) {
        String readable = KeyGate.fileNamePart(contractName, NAME_PREFIX_CHARS);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(contractName.getBytes(StandardCharsets.UTF_8));
            return readable + "-" + HexFormat.of().formatHex(digest, 0, 8) + SUFFIX;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * Replays the saved proof of a contract, if there is one, onto a fresh proof of it.
     *
     * @param proof the fresh proof, with its settings and strategy already set
     * @param contractName the contract's name
     * @return how many nodes the proof has after the replay, and why the replay stopped early if
     *     it did ({@link Replay#NONE} when nothing is saved)
     */
    Replay replay(Proof proof, String contractName) {
        if (replayDir == null) {
            return Replay.NONE;
        }
        Path file = replayDir.resolve(fileName(contractName));
        if (!Files.isRegularFile(file)) {
            return Replay.NONE;
        }
        String text = read(file);
        StrategyProperties properties = proof.getSettings().getStrategySettings()
                .getActiveStrategyProperties();
        String oss = properties.getProperty(StrategyProperties.OSS_OPTIONS_KEY);
        // Saved steps include one-step simplifications; KeY's own loader turns the simplifier on
        // for a replay and restores the strategy's choice after it, as here.
        setOss(proof, StrategyProperties.OSS_ON);
        String problem;
        try {
            IntermediatePresentationProofFileParser parser =
                    new IntermediatePresentationProofFileParser(proof);
            ProofReplayer.run(CharStreams.fromString(text), parser, 1, file.toUri());
            IntermediatePresentationProofFileParser.Result parsed = parser.getResult();
            // The loader argument only names the source of a failure; there is none here.
            IntermediateProofReplayer.Result result =
                    new IntermediateProofReplayer(null, proof, parsed).replay(null, null);
            problem = firstProblem(parsed.errors(), result.getErrors());
        } catch (RuntimeException e) {
            problem = e.toString();
        } finally {
            setOss(proof, oss);
        }
        return new Replay(proof.getStatistics().nodes, proof.closed() ? "" : problem.isEmpty()
                ? "the saved steps end with goals open" : problem);
    }

    /**
     * Writes a closed proof's steps for the next run.
     *
     * @param proof a closed proof
     * @param contractName its contract's name
     * @return the file written, or null when saving is off
     */
    Path save(Proof proof, String contractName) {
        if (saveDir == null) {
            return null;
        }
        Path file = saveDir.resolve(fileName(contractName));
        StringBuilder steps = new StringBuilder();
        try {
            new OutputStreamProofSaver(proof).node2Proof(proof.root(), steps);
            Files.createDirectories(saveDir);
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
                out.write(steps.toString().getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the proof of " + contractName + " to " + file, e);
        }
        return file;
    }

    private static void setOss(Proof proof, String value) {
        StrategyProperties properties = proof.getSettings().getStrategySettings()
                .getActiveStrategyProperties();
        properties.setProperty(StrategyProperties.OSS_OPTIONS_KEY, value);
        Strategy.updateStrategySettings(proof, properties);
        OneStepSimplifier.refreshOSS(proof);
    }

    private static String firstProblem(List<Throwable> parseErrors, List<Throwable> replayErrors) {
        if (!parseErrors.isEmpty()) {
            return "parse: " + parseErrors.get(0);
        }
        return replayErrors.isEmpty() ? "" : "replay: " + replayErrors.get(0);
    }

    private static String read(Path file) {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file));
                ByteArrayOutputStream bytes = new ByteArrayOutputStream()) {
            in.transferTo(bytes);
            return bytes.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the saved proof " + file, e);
        }
    }
}
