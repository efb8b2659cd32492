package dev.punchspec.lockorder.checker;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TaskEvent;
import com.sun.source.util.TaskListener;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.punchspec.lockorder.qual.LockRank;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import org.checkerframework.framework.source.SourceChecker;
import org.checkerframework.framework.source.SourceVisitor;

/**
 * Checks at compile time that code takes the kernel locks of the delalloc punch path in the
 * order {@link LockRank} declares (i_rwsem, invalidate_lock, folio lock, {@code ->punch}, ILOCK),
 * the order written above {@code iomap_write_delalloc_release()} in
 * {@code fs/iomap/buffered-io.c} (seed f43dc4dc3eff and every later generation). It is the static
 * half of the project's lockdep: the reports mirror lockdep's "possible circular locking
 * dependency", "possible recursive locking" and "bad unlock balance" ({@code
 * kernel/locking/lockdep.c}), decided from annotations instead of observed at run time.
 *
 * <p>Run it as an annotation processor: {@code -processor
 * dev.punchspec.lockorder.checker.LockOrderChecker} (alone or after other checkers in the list).
 * Its messages can be suppressed with {@code @SuppressWarnings("lockorder")} or
 * {@code @SuppressWarnings("lockorder:<key>")}.
 *
 * <h2>What a method's annotations mean</h2>
 * Annotations are those of {@code dev.punchspec.lockorder.qual}, resolved through overriding: a
 * method that declares no annotation of a kind takes the one of the method it overrides (an
 * implementation of an interface method annotated {@code @RunsAt(PUNCH)} runs at PUNCH, a call
 * through an interface acquires what the interface method says). An override declaring another
 * rank than the method it overrides, or a method with more than one of {@code @Acquires},
 * {@code @Releases}, {@code @RunsAt}, is an error ({@code annotation.conflict}).
 *
 * <h2>The held set</h2>
 * At each point of a body the checker knows the ranks that may be held:
 * <ul>
 *   <li>on entry to a method body: its {@code @Holds} ranks, its {@code @RunsAt} rank, and its
 *       {@code @Releases} rank (the caller holds what the method releases);
 *   <li>a call to an {@code @Acquires(r)} method adds {@code r} from the call on, wherever the
 *       call stands (statement, initializer, condition; in evaluation order). Leaving a block
 *       does not release it (kernel locks are not lexically scoped): only a call to an
 *       {@code @Releases(r)} method does, or, for a try-with-resources resource whose
 *       initializer is an {@code @Acquires(r)} call, the end of the try block;
 *   <li>an {@code @Acquires} method returning a reference acquires nothing when it returns
 *       null ({@code filemap_lock_folio()} finding no folio). When its result is stored in a
 *       local variable, a null test of that variable ({@code ==}, {@code !=}, through
 *       {@code !}, {@code &&}, {@code ||}) drops the rank on the branch where it is null;
 *   <li>a {@code @RunsAt(r)} call is checked like an acquisition of {@code r} but leaves
 *       nothing held: the level is entered and left within the call.
 * </ul>
 * Branches ({@code if}, {@code ?:}, {@code &&}, {@code ||}, {@code switch}, catch blocks) are
 * joined by union: a rank taken on one branch is held after it (conservative for ordering). A
 * release is an error only when no path holds the rank, so correlated conditional lock and unlock
 * pairs ({@code if (c) lock(); ... if (c) unlock();}) pass. Paths that end in
 * {@code return}, {@code throw}, {@code break}, {@code continue} or {@code yield} do not reach
 * the code after them; a {@code break} brings its state to the end of its loop or switch through
 * any closed resources and finally blocks. Catch blocks start from every state the try block
 * reaches; finally blocks from every state the try and catch blocks reach.
 *
 * <p>Loops (kernel-faithful rule): an iteration must be lock-neutral. A rank acquired in the body
 * and still held at the end of the body or at a {@code continue} is an error, "lock leaked across
 * loop iteration" ({@code loop.lock.leaked}): the next iteration would take it again, which
 * lockdep reports as recursive locking, or the loop would leak it; the kernel's scan loops
 * ({@code iomap_write_delalloc_scan()}) unlock each folio before the next. Symmetrically, a rank
 * held on entry to the loop and released by the end of the body is an error
 * ({@code loop.lock.unbalanced}). Leaving a loop by {@code break} may carry a rank out.
 *
 * <p>Lambdas and method references are analysed as their own methods, never with the ranks the
 * enclosing method holds: they may run later, elsewhere. They are entered with the ranks of the
 * functional interface method they implement (so a lambda implementing a {@code @RunsAt(PUNCH)}
 * punch interface runs at PUNCH); a method reference is checked as one call to the method it
 * names. Anonymous and local classes are analysed as classes of their own.
 *
 * <h2>The rules (message keys in {@code messages.properties})</h2>
 * <ol>
 *   <li>{@code lock.order}: acquiring (calling an {@code @Acquires(r)} or {@code @RunsAt(r)}
 *       method) while holding a rank {@code h} above {@code r}; the message names both ranks,
 *       the call and where {@code h} was acquired;
 *   <li>{@code punch.locks.folio}: acquiring FOLIO_LOCK while PUNCH is held, "a ->punch
 *       implementation must not lock folios (fs/iomap/buffered-io.c lock order)";
 *   <li>{@code recursive.locking}: acquiring a rank already held;
 *   <li>{@code release.not.held}: calling an {@code @Releases(r)} method where {@code r} is held
 *       on no path;
 *   <li>{@code loop.lock.leaked}, {@code loop.lock.unbalanced}: the loop rule above;
 *   <li>{@code annotation.conflict}: inconsistent annotations, above.
 * </ol>
 *
 * <h2>Limits</h2>
 * <ul>
 *   <li>Intraprocedural: a callee's body is trusted to do what its annotations say. A method
 *       that takes a lock without being annotated {@code @Acquires}, or returns still holding a
 *       lock it took, is not caught here (no rule applies at method exit); the run-time lock
 *       validator covers that.
 *   <li>{@code @Holds} is not checked at call sites: the Lock Checker's {@code @Holding} checks
 *       that the caller holds the lock object; this checker only takes the rank from it.
 *   <li>Only local variables guard a hold; a {@code boolean} try-lock is not modelled (annotate
 *       only methods that always acquire, or return null when they do not).
 *   <li>Correlated conditions inside a loop body ({@code if (c) lock(); ... if (c) unlock();})
 *       are reported by the loop rule, since the may-set cannot tell the paths apart.
 *   <li>Calls made by reflection or through method handles are not seen; neither is the
 *       implicit {@code close()} of a resource that was not itself acquired by its initializer.
 * </ul>
 *
 * <h2>Running with other checkers</h2>
 * With {@code -processor a,b,c} each Checker Framework checker stops checking for the rest of
 * the compilation once the compiler's error count has grown by errors it did not issue (it takes
 * them for javac errors). So that this checker neither silences the checkers before it nor is
 * silenced by them, it (a) does not apply that test: its analysis guards every element it looks
 * up, so it is safe on code with javac errors, and (b) holds its own diagnostics back until all
 * classes have been processed and prints them then, sorted by file and position. Put it last in
 * the list: a checker after it would only miss its last class. (Checkers before it still silence
 * each other; that is the Checker Framework's behaviour, not this checker's.)
 */
public final class LockOrderChecker extends SourceChecker {

    /** The lock order as shown in messages. */
    static final String ORDER =
            Arrays.stream(LockRank.values()).map(Enum::name).collect(Collectors.joining(" -> "));

    /** A diagnostic held back until the end of type processing. */
    private static final class Pending {
        final Diagnostic.Kind kind;
        final String message;
        final Tree tree;
        final CompilationUnitTree root;
        final long position;

        Pending(Diagnostic.Kind kind, String message, Tree tree, CompilationUnitTree root,
                long position) {
            this.kind = kind;
            this.message = message;
            this.tree = tree;
            this.root = root;
            this.position = position;
        }
    }

    private final List<Pending> pending = new ArrayList<>();

    /** Creates the checker; javac instantiates it from the {@code -processor} list. */
    public LockOrderChecker() {}

    @Override
    protected SourceVisitor<?, ?> createSourceVisitor() {
        return new LockOrderVisitor(this);
    }

    @Override
    public void initChecker() {
        super.initChecker();
        // SourceChecker.typeProcess creates the tree-path cache that setRoot() clears; this
        // checker does not call it (see typeProcess), so it creates the cache here.
        getTreePathCacher();
        // Safety net: should type processing end without typeProcessingOver() (it is called when
        // the last class named in a round has been analysed), the held-back diagnostics are
        // printed when the compilation finishes; they still count as errors and fail it.
        JavacTask.instance(getProcessingEnvironment()).addTaskListener(new TaskListener() {
            @Override
            public void finished(TaskEvent e) {
                if (e.getKind() == TaskEvent.Kind.COMPILATION) {
                    flush();
                }
            }
        });
    }

    /**
     * Analyses one top-level class. Unlike {@link SourceChecker#typeProcess}, this does not skip
     * the class when another checker has issued errors (see the class comment).
     */
    @Override
    public void typeProcess(TypeElement element, TreePath path) {
        SourceVisitor<?, ?> v = visitor;
        if (v == null) {
            return; // initChecker() failed and has already reported why
        }
        CompilationUnitTree unit = path.getCompilationUnit();
        if (unit != currentRoot) {
            setRoot(unit);
        }
        v.visit(path);
    }

    @Override
    protected void printOrStoreMessage(
            Diagnostic.Kind kind, String message, Tree source, CompilationUnitTree root) {
        long position = Trees.instance(getProcessingEnvironment())
                .getSourcePositions()
                .getStartPosition(root, source);
        pending.add(new Pending(kind, message, source, root, position));
    }

    @Override
    protected void printOrStoreMessage(
            Diagnostic.Kind kind, String message, Tree source, CompilationUnitTree root,
            StackTraceElement[] trace) {
        printOrStoreMessage(kind, message, source, root);
    }

    @Override
    public void typeProcessingOver() {
        flush();
        super.typeProcessingOver();
    }

    /**
     * Prints the held-back diagnostics in file and position order, each once (a loop body
     * analysed in more than one pass can report the same thing twice).
     */
    private void flush() {
        if (pending.isEmpty()) {
            return;
        }
        pending.sort(Comparator.<Pending, String>comparing(d -> d.root.getSourceFile().getName())
                .thenComparingLong(d -> d.position));
        Trees trees = Trees.instance(getProcessingEnvironment());
        Set<List<Object>> printed = new HashSet<>();
        for (Pending d : pending) {
            if (printed.add(List.of(d.root, d.tree, d.kind, d.message))) {
                trees.printMessage(d.kind, d.message, d.tree, d.root);
            }
        }
        pending.clear();
    }
}
