package dev.punchspec.key;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Stages the classes KeY proves into a directory of their own, and writes stubs for the
 * annotation and enum types they import.
 *
 * <p>Why a directory of its own: KeY loads every {@code .java} file under the directory it is
 * given and rejects anything outside its Java subset, so only the proof targets may be there.
 *
 * <p>Why stubs: KeY resolves every import and every annotation type, but cannot read the real
 * ones (a jar with a {@code module-info.class} breaks loading, and its byte-code reader fails on
 * {@code invokedynamic} constants). The proof targets use declaration annotations (Checker
 * Framework qualifiers, the lock-rank annotations) and the enums their arguments name. For each
 * such type this class loads the real class from the library class path, without initialising
 * it, and writes a stub {@code .java}: an annotation type becomes an empty {@code @interface}
 * (KeY does not check annotation elements, and leaving them out keeps generic element types, which
 * KeY rejects, out of the stubs), an enum becomes an enum with the same constants. Anything else
 * imported that is not staged is an error: the proof would otherwise rest on code KeY never saw.
 * The stubs go to a separate directory that KeY reads as a library class path, so they are never
 * proof targets. Generating them from the real classes, rather than keeping hand-written stubs,
 * means a new qualifier needs no change here and a stub cannot drift from its annotation.
 */
final class SourceStager {

    /** Annotation types of {@code java.lang}; KeY 2.12.3's built-in library does not have them. */
    private static final Set<String> JAVA_LANG_ANNOTATIONS = Set.of("Override", "Deprecated",
            "SuppressWarnings", "FunctionalInterface", "SafeVarargs");

    private SourceStager() {
    }

    /** What one staging run did. */
    static final class Result {
        private final List<Path> stagedFiles;
        private final List<String> stubbedTypes;

        Result(List<Path> stagedFiles, List<String> stubbedTypes) {
            this.stagedFiles = List.copyOf(stagedFiles);
            this.stubbedTypes = List.copyOf(stubbedTypes);
        }

        /** The staged files, relative to the staging directory, in the order listed. */
        List<Path> stagedFiles() {
            return stagedFiles;
        }

        /** Fully qualified names of the types stubbed, sorted. */
        List<String> stubbedTypes() {
            return stubbedTypes;
        }
    }

    /**
     * Recreates {@code stagingDir} with copies of {@code sources} and {@code stubDir} with stubs.
     *
     * @param sourceRoot the directory the sources are relative to
     * @param sources relative paths of the {@code .java} files to stage
     * @param stagingDir the directory KeY will load; deleted and recreated
     * @param stubDir the directory for stubs; deleted and recreated
     * @param libraryClasspath where the imported annotation and enum types are looked up
     * @return the staged files and stubbed types
     * @throws IllegalArgumentException naming the file and the type on any bad input
     */
    static Result stage(Path sourceRoot, List<String> sources, Path stagingDir, Path stubDir,
            List<Path> libraryClasspath) {
        Path root = sourceRoot.toAbsolutePath().normalize();
        Path staging = stagingDir.toAbsolutePath().normalize();
        Path stubs = stubDir.toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("--source-root is not a directory: " + root);
        }
        requireDisjoint("--staging", staging, "--source-root", root);
        requireDisjoint("--stubs", stubs, "--source-root", root);
        requireDisjoint("--stubs", stubs, "--staging", staging);

        List<Path> relativeFiles = new ArrayList<>();
        Set<Path> seen = new LinkedHashSet<>();
        for (String source : sources) {
            Path relative = Path.of(source).normalize();
            if (relative.isAbsolute() || relative.startsWith("..")) {
                throw new IllegalArgumentException(
                        "--sources entry must be relative to --source-root: " + source);
            }
            if (relative.getFileName().toString().equals("module-info.java")) {
                throw new IllegalArgumentException(
                        "--sources entry is a module declaration, which KeY rejects: " + source);
            }
            if (!Files.isRegularFile(root.resolve(relative))) {
                throw new IllegalArgumentException(
                        "--sources entry does not exist under " + root + ": " + source);
            }
            if (!seen.add(relative)) {
                throw new IllegalArgumentException("--sources lists a file twice: " + source);
            }
            relativeFiles.add(relative);
        }

        recreate(staging);
        recreate(stubs);
        Map<String, Path> stagedTypes = new LinkedHashMap<>();
        Map<Path, JavaSourceScanner> scanned = new LinkedHashMap<>();
        for (Path relative : relativeFiles) {
            Path target = staging.resolve(relative);
            try {
                Files.createDirectories(target.getParent());
                Files.copy(root.resolve(relative), target, StandardCopyOption.REPLACE_EXISTING);
                JavaSourceScanner scan = JavaSourceScanner.scan(
                        Files.readString(target, StandardCharsets.UTF_8));
                scanned.put(relative, scan);
                String simpleName = relative.getFileName().toString().replaceFirst("\\.java$", "");
                stagedTypes.put(qualify(scan.packageName(), simpleName), relative);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot stage " + relative, e);
            }
        }

        Set<String> stubbed = new TreeSet<>();
        try (URLClassLoader loader = new URLClassLoader(toUrls(libraryClasspath),
                ClassLoader.getPlatformClassLoader())) {
            for (Map.Entry<Path, JavaSourceScanner> entry : scanned.entrySet()) {
                for (String typeName : externalTypes(entry.getKey(), entry.getValue(),
                        stagedTypes.keySet(), loader)) {
                    if (stubbed.add(typeName)) {
                        writeStub(stubs, typeName, loader, entry.getKey());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the library class loader", e);
        }
        return new Result(relativeFiles, new ArrayList<>(stubbed));
    }

    /**
     * The types a staged file needs from outside the staging directory: its non-JDK single-type
     * imports and the annotation types it uses.
     */
    private static Set<String> externalTypes(Path file, JavaSourceScanner scan,
            Set<String> stagedTypes, ClassLoader loader) {
        Set<String> needed = new LinkedHashSet<>();
        for (String imported : scan.singleTypeImports()) {
            if (!isJdk(imported) && !stagedTypes.contains(imported)) {
                needed.add(imported);
            }
        }
        for (String annotation : scan.annotationNames()) {
            String resolved = resolveAnnotation(file, scan, annotation, stagedTypes, loader);
            if (resolved != null && !stagedTypes.contains(resolved)) {
                needed.add(resolved);
            }
        }
        return needed;
    }

    /**
     * Resolves an annotation name as javac would, in the order single-type import, same package,
     * {@code java.lang}, on-demand imports; null when the annotation type is staged itself.
     */
    private static String resolveAnnotation(Path file, JavaSourceScanner scan, String name,
            Set<String> stagedTypes, ClassLoader loader) {
        if (name.contains(".")) {
            if (isJdk(name)) {
                throw javaLangAnnotation(file, name);
            }
            return name;
        }
        for (String imported : scan.singleTypeImports()) {
            if (imported.endsWith("." + name)) {
                if (isJdk(imported)) {
                    throw javaLangAnnotation(file, imported);
                }
                return imported;
            }
        }
        String samePackage = qualify(scan.packageName(), name);
        if (stagedTypes.contains(samePackage)) {
            return null;
        }
        if (exists(samePackage, loader)) {
            return samePackage;
        }
        if (JAVA_LANG_ANNOTATIONS.contains(name)) {
            throw javaLangAnnotation(file, "java.lang." + name);
        }
        for (String onDemand : scan.onDemandImports()) {
            String candidate = onDemand + "." + name;
            if (stagedTypes.contains(candidate)) {
                return null;
            }
            if (exists(candidate, loader)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException(file + ": annotation @" + name
                + " resolves neither through an import, the file's package nor the library class"
                + " path; import it explicitly");
    }

    private static IllegalArgumentException javaLangAnnotation(Path file, String name) {
        return new IllegalArgumentException(file + ": uses @" + name + ", a JDK annotation that"
                + " KeY 2.12.3's library lacks; proof targets must do without it");
    }

    private static void writeStub(Path stubs, String typeName, ClassLoader loader, Path user) {
        Class<?> type;
        try {
            type = Class.forName(typeName, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException(user + " needs " + typeName + ", which is neither"
                    + " staged nor on the library class path; stage it (key.sources) or fix the"
                    + " class path", e);
        }
        if (type.getEnclosingClass() != null) {
            throw new IllegalArgumentException(user + " needs nested type " + typeName
                    + ", which the stub writer does not support; import a top-level type");
        }
        StringBuilder text = new StringBuilder();
        text.append("// Generated by key-runner from ").append(typeName)
                .append(" so that KeY can resolve it; not a proof target.\n");
        if (!type.getPackageName().isEmpty()) {
            text.append("package ").append(type.getPackageName()).append(";\n\n");
        }
        if (type.isAnnotation()) {
            text.append("public @interface ").append(type.getSimpleName()).append(" {\n}\n");
        } else if (type.isEnum()) {
            List<String> constants = new ArrayList<>();
            for (java.lang.reflect.Field field : type.getDeclaredFields()) {
                if (field.isEnumConstant()) {
                    constants.add(field.getName());
                }
            }
            text.append("public enum ").append(type.getSimpleName()).append(" {\n    ")
                    .append(String.join(", ", constants)).append("\n}\n");
        } else {
            throw new IllegalArgumentException(user + " imports " + typeName + ", which is not"
                    + " staged; KeY must see its source to use it: add it to key.sources"
                    + " (only annotation types and enums are stubbed)");
        }
        Path target = stubs.resolve(typeName.replace('.', '/') + ".java");
        try {
            Files.createDirectories(target.getParent());
            Files.writeString(target, text.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write stub " + target, e);
        }
    }

    private static boolean exists(String typeName, ClassLoader loader) {
        try {
            Class.forName(typeName, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static boolean isJdk(String typeName) {
        return typeName.startsWith("java.") || typeName.startsWith("javax.");
    }

    private static String qualify(String packageName, String simpleName) {
        return packageName.isEmpty() ? simpleName : packageName + "." + simpleName;
    }

    private static void requireDisjoint(String option, Path dir, String otherOption, Path other) {
        if (dir.startsWith(other) || other.startsWith(dir)) {
            throw new IllegalArgumentException(option + " " + dir + " overlaps " + otherOption
                    + " " + other + "; it is deleted and recreated, so it must be separate");
        }
    }

    /**
     * Deletes a directory tree the prover owns and recreates it empty. Callers pass only
     * directories it derives itself or checked disjoint from the sources.
     */
    static void recreate(Path dir) {
        try {
            if (Files.exists(dir)) {
                try (Stream<Path> walk = Files.walk(dir)) {
                    for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                        Files.delete(p);
                    }
                }
            }
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot recreate " + dir, e);
        }
    }

    private static URL[] toUrls(List<Path> classpath) {
        URL[] urls = new URL[classpath.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = classpath.get(i).toAbsolutePath().toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException(
                        "--library-classpath entry is not a valid path: " + classpath.get(i), e);
            }
        }
        return urls;
    }
}
