package dev.punchspec.lockorder.checker;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import dev.punchspec.lockorder.checker.MethodLockSpec.Declared;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import org.checkerframework.framework.source.SourceVisitor;
import org.checkerframework.javacutil.TreeUtils;

/**
 * Walks the classes of a compilation unit and hands every body to a {@link BodyAnalysis}: method
 * bodies entered with their {@code @Holds}, {@code @RunsAt} and {@code @Releases} ranks,
 * initializers with nothing held, lambdas and method references with the ranks of the functional
 * interface method they implement (never those of the enclosing method), anonymous and local
 * classes as classes of their own. It also reports conflicting lock annotations on the methods
 * it declares.
 */
final class LockOrderVisitor extends SourceVisitor<Void, Void> {

    private final LockOrderChecker checker;
    private final LockSpecs specs;

    LockOrderVisitor(LockOrderChecker checker) {
        super(checker);
        this.checker = checker;
        this.specs = new LockSpecs(elements, types);
    }

    LockSpecs specs() {
        return specs;
    }

    @Override
    public Void visitClass(ClassTree tree, Void p) {
        analyseClass(tree);
        return null;
    }

    /**
     * Analyses every member of a class; nested classes recursively.
     *
     * @param tree a class, interface, enum, record or anonymous class body
     */
    void analyseClass(ClassTree tree) {
        for (Tree member : tree.getMembers()) {
            if (member instanceof MethodTree) {
                analyseMethod((MethodTree) member);
            } else if (member instanceof BlockTree) {
                BodyAnalysis.run(this, member, new HeldRanks());
            } else if (member instanceof VariableTree) {
                ExpressionTree init = ((VariableTree) member).getInitializer();
                if (init != null) {
                    BodyAnalysis.run(this, init, new HeldRanks());
                }
            } else if (member instanceof ClassTree) {
                analyseClass((ClassTree) member);
            }
        }
    }

    private void analyseMethod(MethodTree tree) {
        ExecutableElement method = TreeUtils.elementFromDeclaration(tree);
        if (method == null) {
            return;
        }
        MethodLockSpec spec = specs.of(method);
        for (String conflict : spec.conflicts()) {
            report(tree, "annotation.conflict", LockSpecs.describe(method), conflict);
        }
        if (tree.getBody() != null) {
            BodyAnalysis.run(this, tree.getBody(), entry(spec));
        }
    }

    /**
     * Analyses a lambda body as the functional interface method it implements.
     *
     * @param tree a lambda
     */
    void analyseLambda(LambdaExpressionTree tree) {
        BodyAnalysis.run(this, tree.getBody(), entry(functionSpec(tree)));
    }

    /**
     * Analyses a method reference as a body that calls the referenced method once.
     *
     * @param tree a method reference
     */
    void analyseReference(MemberReferenceTree tree) {
        Element target = TreeUtils.elementFromTree(tree);
        if (target instanceof ExecutableElement && target.getKind() == ElementKind.METHOD) {
            BodyAnalysis.runReference(this, tree, (ExecutableElement) target,
                    entry(functionSpec(tree)));
        }
    }

    private MethodLockSpec functionSpec(ExpressionTree lambdaOrReference) {
        TypeMirror type = TreeUtils.typeOf(lambdaOrReference);
        if (type == null || type.getKind() != TypeKind.DECLARED) {
            return MethodLockSpec.NONE; // erroneous code; javac reports it
        }
        ExecutableElement function =
                TreeUtils.findFunction(lambdaOrReference, checker.getProcessingEnvironment());
        return function == null ? MethodLockSpec.NONE : specs.of(function);
    }

    /** The ranks a body of a method with these annotations is entered with. */
    private static HeldRanks entry(MethodLockSpec spec) {
        HeldRanks held = new HeldRanks();
        for (Declared d : spec.holds()) {
            held.acquire(d.rank(), "held on entry: @Holds of " + LockSpecs.describe(d.declaredOn()),
                    null);
        }
        Declared runsAt = spec.runsAt();
        if (runsAt != null) {
            held.acquire(runsAt.rank(), "held on entry: @RunsAt(" + runsAt.rank() + ") of "
                    + LockSpecs.describe(runsAt.declaredOn()), null);
        }
        Declared releases = spec.releases();
        if (releases != null) {
            // The caller holds what the method releases.
            held.acquire(releases.rank(), "held on entry: @Releases(" + releases.rank() + ") of "
                    + LockSpecs.describe(releases.declaredOn()), null);
        }
        return held;
    }

    /**
     * Reports an error at {@code where}.
     *
     * @param where the tree the message points at
     * @param key a key of {@code messages.properties}
     * @param args the message arguments
     */
    void report(Tree where, String key, Object... args) {
        checker.reportError(where, key, args);
    }

    /**
     * The line {@code tree} starts on, for messages that point elsewhere.
     *
     * @param tree a tree of the current compilation unit
     * @return its 1-based line
     */
    long line(Tree tree) {
        long start = trees.getSourcePositions().getStartPosition(root, tree);
        return root.getLineMap().getLineNumber(start);
    }
}
