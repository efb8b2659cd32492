package dev.punchspec.verify.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Runs {@link KernelCase}s on the real kernel: one scratch XFS filesystem per batch of cases of one
 * block size, one file per case, the C helper {@code src/test/c/stallwrite.c} (compiled here with
 * the system C compiler into {@code target/kernel-harness/}) for each case, then one remount and
 * an inspection of every file, parsed into {@link KernelObservation}s.
 *
 * <p>Why one filesystem per batch: mkfs, losetup and mount cost ~0.4 s, a case ~20 ms; cases of a
 * batch use separate files and each ends with its own fsync, so one remount serves them all.
 *
 * <p>Requirements ({@link #unavailableReason}): root, {@code /dev/loop-control}, {@code mkfs.xfs},
 * {@code losetup}, {@code mount}, {@code gcc}. A missing one is installed by
 * {@code scripts/install-test-deps.sh} (as root, with apt-get) unless the JVM runs with
 * {@code -Dpunchspec.kernel.installDeps=false} (docs/kernel-harness.md).
 */
final class KernelHarness {

    /** System property that stops the harness installing missing packages when {@code false}. */
    static final String INSTALL_PROPERTY = "punchspec.kernel.installDeps";
    /** The programs the harness runs besides the JDK. */
    private static final List<String> REQUIRED_TOOLS = List.of("mkfs.xfs", "losetup", "mount", "umount", "gcc");
    /** The compiled helper's file name (the JVM-exit safety net recognises its processes by it). */
    static final String HELPER_NAME = "stallwrite";
    private static final long CASE_TIMEOUT_SECONDS = 30;
    /**
     * The byte values cases write (zero, the stored 7, the direct write's 9, the fill 65, the
     * primed 238); any other value in a table is old memory, shown as {@code ?} so that a row
     * stays one line.
     */
    private static final Set<Integer> TABLE_NAMED_VALUES = Set.of(0, 7, 9, 65, 238);

    private final Path workDir;
    private final Path helper;

    private KernelHarness(Path workDir, Path helper) {
        this.workDir = workDir;
        this.helper = helper;
    }

    /** The module directory (surefire runs tests in it). */
    static Path moduleDir() {
        return Path.of(System.getProperty("user.dir", ".")).toAbsolutePath();
    }

    /**
     * Why the harness cannot run here, or empty if it can. As root, installs what is missing
     * first, unless {@link #INSTALL_PROPERTY} is {@code false}.
     */
    static Optional<String> unavailableReason() throws IOException {
        if (!System.getProperty("os.name", "").equals("Linux")) {
            return Optional.of("not Linux: " + System.getProperty("os.name"));
        }
        List<String> uid = Commands.check(List.of("id", "-u"), "", 10);
        if (!uid.equals(List.of("0"))) {
            return Optional.of("not root (uid " + uid + "): loop mounts need root");
        }
        if (!Files.exists(Path.of("/dev/loop-control"))) {
            return Optional.of("no /dev/loop-control: no loop devices");
        }
        if (!REQUIRED_TOOLS.stream().allMatch(tool -> Commands.find(tool).isPresent())
                && !"false".equals(System.getProperty(INSTALL_PROPERTY))) {
            Path repository = moduleDir().getParent();
            if (repository == null) {
                return Optional.of("no repository directory above " + moduleDir() + " to find scripts/ in");
            }
            Path script = repository.resolve("scripts/install-test-deps.sh");
            Commands.Result r = Commands.run(List.of("bash", script.toString()), "", 600);
            if (r.exitCode() != 0) {
                return Optional.of(script + " failed (exit " + r.exitCode() + "): " + r.stderr().strip());
            }
        }
        for (String tool : REQUIRED_TOOLS) {
            if (Commands.find(tool).isEmpty()) {
                return Optional.of(tool + " not found (scripts/install-test-deps.sh installs it as root; -D"
                        + INSTALL_PROPERTY + "=false stops the tests running it)");
            }
        }
        return Optional.empty();
    }

    /** Compiles the helper (when its binary is missing or older than its source). */
    static KernelHarness create() throws IOException {
        Path module = moduleDir();
        Path source = module.resolve("src/test/c/stallwrite.c");
        Path workDir = module.resolve("target/kernel-harness");
        Files.createDirectories(workDir);
        Path binary = workDir.resolve(HELPER_NAME);
        if (!Files.isExecutable(binary)
                || Files.getLastModifiedTime(binary).compareTo(Files.getLastModifiedTime(source)) < 0) {
            Commands.check(List.of("gcc", "-O1", "-Wall", "-Wextra", "-Werror", "-pthread", "-o", binary.toString(),
                    source.toString()), "", 120);
        }
        return new KernelHarness(workDir, binary);
    }

    /**
     * Runs {@code cases} (all of {@code blockSizeByte}) on a fresh filesystem and returns one
     * observation per case, in order. The filesystem is removed whatever happens.
     */
    List<KernelObservation> run(int blockSizeByte, List<KernelCase> cases) throws IOException {
        for (KernelCase c : cases) {
            if (c.blockSizeByte() != blockSizeByte) {
                throw new IllegalArgumentException("case " + c.name() + " has blockSizeByte " + c.blockSizeByte()
                        + ", the batch " + blockSizeByte);
            }
        }
        List<List<String>> outputs = new ArrayList<>();
        List<KernelObservation> observations = new ArrayList<>();
        XfsScratch fs = XfsScratch.create(workDir, blockSizeByte);
        try {
            for (int i = 0; i < cases.size(); i++) {
                outputs.add(runHelper(cases.get(i), cases.get(i).script(file(fs, i))));
            }
            fs.remount();
            for (int i = 0; i < cases.size(); i++) {
                List<String> disk = runHelper(cases.get(i), KernelCase.inspectScript(file(fs, i)));
                try {
                    observations.add(KernelObservation.parse(outputs.get(i), disk));
                } catch (IllegalStateException e) {
                    throw new IllegalStateException("case " + cases.get(i).name() + ": " + e.getMessage(), e);
                }
            }
        } catch (IOException | RuntimeException e) {
            fs.closeAfter(e);
            throw e;
        }
        fs.close();
        return observations;
    }

    private static String file(XfsScratch fs, int index) {
        return fs.mountPoint().resolve("case" + index).toString();
    }

    private List<String> runHelper(KernelCase c, List<String> script) throws IOException {
        Commands.Result r = Commands.run(List.of(helper.toString()), String.join("\n", script) + "\n",
                CASE_TIMEOUT_SECONDS);
        if (r.exitCode() != 0) {
            throw new IOException("case " + c.name() + ": helper exit " + r.exitCode() + ": " + r.stderr().strip()
                    + "\nscript:\n" + String.join("\n", script));
        }
        return r.stdout();
    }

    /**
     * Writes the agreement table of one grid to {@code target/kernel-harness/agreement-<name>.md}.
     */
    void writeAgreement(String name, List<Agreement> rows) throws IOException {
        Files.writeString(workDir.resolve("agreement-" + name + ".md"), Agreement.table(name, rows),
                StandardCharsets.UTF_8);
    }

    /**
     * Writes the observation table of one test's grid to {@code target/kernel-harness/<name>.md}
     * (docs/kernel-harness.md quotes these files).
     */
    void writeTable(String name, List<KernelCase> cases, List<KernelObservation> observations) throws IOException {
        StringBuilder s = new StringBuilder("| case | observation |\n|---|---|\n");
        for (int i = 0; i < cases.size(); i++) {
            s.append("| ").append(cases.get(i).name()).append(" | ").append(observations.get(i).summary(TABLE_NAMED_VALUES))
                    .append(" |\n");
        }
        Files.writeString(workDir.resolve(name + ".md"), s.toString(), StandardCharsets.UTF_8);
    }
}
