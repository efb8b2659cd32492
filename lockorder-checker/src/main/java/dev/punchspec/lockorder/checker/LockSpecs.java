package dev.punchspec.lockorder.checker;

import dev.punchspec.lockorder.checker.MethodLockSpec.Declared;
import dev.punchspec.lockorder.qual.Acquires;
import dev.punchspec.lockorder.qual.Holds;
import dev.punchspec.lockorder.qual.LockRank;
import dev.punchspec.lockorder.qual.Releases;
import dev.punchspec.lockorder.qual.RunsAt;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Reads the lock annotations of methods and resolves them through overriding: a method that
 * declares no annotation of a kind inherits the one of the methods it overrides (superclass first,
 * then interfaces, nearest first), so an implementation of an interface method annotated
 * {@code @RunsAt(PUNCH)} runs at PUNCH, and a call through a subclass acquires what the interface
 * says. {@link java.lang.annotation.Inherited} has no effect on method annotations in Java, which
 * is why the resolution is done here.
 *
 * <p>The annotations are read as mirrors (by qualified name), not reflectively, so this works on
 * classes being compiled and on class files alike. Results are cached per method for one
 * compilation.
 */
final class LockSpecs {

    private static final String ACQUIRES = Acquires.class.getCanonicalName();
    private static final String RELEASES = Releases.class.getCanonicalName();
    private static final String RUNS_AT = RunsAt.class.getCanonicalName();
    private static final String HOLDS = Holds.class.getCanonicalName();

    private final Elements elements;
    private final Types types;
    private final Map<ExecutableElement, MethodLockSpec> cache = new HashMap<>();

    LockSpecs(Elements elements, Types types) {
        this.elements = elements;
        this.types = types;
    }

    /**
     * The annotations in effect for {@code method}.
     *
     * @param method a method (constructors and methods without annotations give {@link
     *     MethodLockSpec#NONE})
     * @return its effective lock annotations, with any conflicts between declarations
     */
    MethodLockSpec of(ExecutableElement method) {
        MethodLockSpec known = cache.get(method);
        if (known == null) {
            known = compute(method);
            cache.put(method, known);
        }
        return known;
    }

    private MethodLockSpec compute(ExecutableElement method) {
        List<ExecutableElement> chain = new ArrayList<>();
        chain.add(method);
        chain.addAll(overridden(method));
        List<String> conflicts = new ArrayList<>();
        Declared acquires = single(chain, ACQUIRES, "@Acquires", conflicts);
        Declared releases = single(chain, RELEASES, "@Releases", conflicts);
        Declared runsAt = single(chain, RUNS_AT, "@RunsAt", conflicts);
        List<Declared> holds = holds(chain, conflicts);
        int kinds = (acquires != null ? 1 : 0) + (releases != null ? 1 : 0) + (runsAt != null ? 1 : 0);
        if (kinds > 1) {
            // A call would have to both take and drop a rank, or be a level and a lock at once;
            // no kernel primitive the model mirrors does that, and the order of the effects would
            // be a guess. Split such a method in two.
            List<String> present = new ArrayList<>();
            if (acquires != null) {
                present.add(show("@Acquires", acquires));
            }
            if (releases != null) {
                present.add(show("@Releases", releases));
            }
            if (runsAt != null) {
                present.add(show("@RunsAt", runsAt));
            }
            conflicts.add("at most one of @Acquires, @Releases and @RunsAt may apply to a method;"
                    + " found " + String.join(" and ", present));
        }
        if (acquires == null && releases == null && runsAt == null && holds.isEmpty()) {
            return conflicts.isEmpty() ? MethodLockSpec.NONE
                    : new MethodLockSpec(null, null, null, List.of(), List.copyOf(conflicts));
        }
        return new MethodLockSpec(acquires, releases, runsAt, holds, List.copyOf(conflicts));
    }

    private static String show(String annotation, Declared declared) {
        return annotation + "(" + declared.rank() + ") of " + describe(declared.declaredOn());
    }

    /**
     * The first declaration of a single-rank annotation along the override chain; records a
     * conflict for every later declaration with another rank.
     */
    private @Nullable Declared single(
            List<ExecutableElement> chain, String annotation, String shown, List<String> conflicts) {
        Declared first = null;
        for (ExecutableElement m : chain) {
            AnnotationMirror mirror = find(m, annotation);
            if (mirror == null) {
                continue;
            }
            List<LockRank> ranks = ranks(mirror);
            if (ranks.size() != 1) {
                continue; // javac has already rejected the annotation
            }
            Declared d = new Declared(ranks.get(0), m);
            if (first == null) {
                first = d;
            } else if (first.rank() != d.rank()) {
                conflicts.add(show(shown, first) + " conflicts with " + show(shown, d));
            }
        }
        return first;
    }

    private List<Declared> holds(List<ExecutableElement> chain, List<String> conflicts) {
        List<Declared> first = null;
        Set<LockRank> firstRanks = null;
        for (ExecutableElement m : chain) {
            AnnotationMirror mirror = find(m, HOLDS);
            if (mirror == null) {
                continue;
            }
            List<LockRank> ranks = ranks(mirror);
            Set<LockRank> set = new LinkedHashSet<>(ranks);
            if (first == null) {
                first = new ArrayList<>();
                for (LockRank r : set) {
                    first.add(new Declared(r, m));
                }
                firstRanks = set;
            } else if (!firstRanks.equals(set)) {
                conflicts.add(showHolds(firstRanks) + " of " + describe(first.get(0).declaredOn())
                        + " conflicts with " + showHolds(set) + " of " + describe(m));
            }
        }
        return first == null ? List.of() : List.copyOf(first);
    }

    private static String showHolds(Set<LockRank> ranks) {
        String list = ranks.stream().map(Enum::name).collect(Collectors.joining(", "));
        return ranks.size() == 1 ? "@Holds(" + list + ")" : "@Holds({" + list + "})";
    }

    private static @Nullable AnnotationMirror find(Element e, String annotation) {
        for (AnnotationMirror am : e.getAnnotationMirrors()) {
            Element type = am.getAnnotationType().asElement();
            if (type instanceof TypeElement
                    && ((TypeElement) type).getQualifiedName().contentEquals(annotation)) {
                return am;
            }
        }
        return null;
    }

    /** The rank or ranks of an annotation's {@code value}, as written (arrays flattened). */
    private static List<LockRank> ranks(AnnotationMirror mirror) {
        List<LockRank> out = new ArrayList<>();
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e :
                mirror.getElementValues().entrySet()) {
            if (e.getKey().getSimpleName().contentEquals("value")) {
                collect(e.getValue().getValue(), out);
            }
        }
        return out;
    }

    private static void collect(Object value, List<LockRank> out) {
        if (value instanceof VariableElement) {
            out.add(LockRank.valueOf(((VariableElement) value).getSimpleName().toString()));
        } else if (value instanceof List) {
            for (Object o : (List<?>) value) {
                if (o instanceof AnnotationValue) {
                    collect(((AnnotationValue) o).getValue(), out);
                }
            }
        }
    }

    /**
     * Every method {@code method} overrides, nearest supertype first (breadth first over the
     * direct supertypes, superclass before interfaces), each once.
     */
    private List<ExecutableElement> overridden(ExecutableElement method) {
        Element owner = method.getEnclosingElement();
        if (!(owner instanceof TypeElement)) {
            return List.of();
        }
        TypeElement ownerType = (TypeElement) owner;
        List<ExecutableElement> out = new ArrayList<>();
        Set<TypeElement> seen = new LinkedHashSet<>();
        Deque<TypeMirror> queue = new ArrayDeque<>(types.directSupertypes(ownerType.asType()));
        while (!queue.isEmpty()) {
            TypeMirror t = queue.removeFirst();
            if (t.getKind() != TypeKind.DECLARED) {
                continue;
            }
            Element e = ((DeclaredType) t).asElement();
            if (!(e instanceof TypeElement) || !seen.add((TypeElement) e)) {
                continue;
            }
            for (ExecutableElement candidate : ElementFilter.methodsIn(e.getEnclosedElements())) {
                if (candidate.getSimpleName().equals(method.getSimpleName())
                        && elements.overrides(method, candidate, ownerType)) {
                    out.add(candidate);
                }
            }
            queue.addAll(types.directSupertypes(t));
        }
        return out;
    }

    /**
     * How messages name a method: {@code Type.method()}, the type being the one declaring it.
     *
     * @param method a method
     * @return its simple owner and name
     */
    static String describe(ExecutableElement method) {
        Element owner = method.getEnclosingElement();
        String ownerName = owner == null ? "" : owner.getSimpleName() + ".";
        return ownerName + method.getSimpleName() + "()";
    }
}
