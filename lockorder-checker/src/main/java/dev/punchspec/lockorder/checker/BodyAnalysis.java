package dev.punchspec.lockorder.checker;

import com.sun.source.tree.AssertTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.CatchTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LabeledStatementTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SwitchExpressionTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.ThrowTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.tree.YieldTree;
import com.sun.source.util.TreeScanner;
import dev.punchspec.lockorder.checker.MethodLockSpec.Declared;
import dev.punchspec.lockorder.qual.LockRank;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Name;
import javax.lang.model.type.TypeKind;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.checkerframework.javacutil.TreeUtils;

/**
 * The lock-order analysis of one body: a method body, a lambda body, an initializer, or a
 * field initializer. It walks the syntax tree in evaluation order carrying the set of ranks held
 * ({@link HeldRanks}), applies the effect of every call to an annotated method, and reports the
 * rule violations listed in {@link LockOrderChecker}.
 *
 * <p>Implementation notes. The analysis is structured (it follows the nesting of statements)
 * rather than a fixpoint over a control-flow graph: the state is a small set joined by union, so
 * a loop needs one pass when its iterations are lock-neutral (the loop rule requires that) and a
 * second one only when the back edge brings the same ranks under other guards
 * ({@link #analyseLoop}).
 * Invariants:
 * <ul>
 *   <li>{@code state} is null exactly where the current point is unreachable (after
 *       {@code return}, {@code throw}, {@code break}, {@code continue}, {@code yield}); joins
 *       treat null as "no path".
 *   <li>{@code frames} mirrors the enclosing jump targets (loops, switches, labeled statements)
 *       and try statements, innermost last; a jump takes its state to its target through the
 *       frames it leaves, closing try-with-resources ranks and running {@code finally} blocks on
 *       the way.
 *   <li>Every state a try block or catch block reaches is added to that try's "thrown" set, the
 *       conservative entry state of its catch and finally blocks (an exception can leave at any
 *       point).
 *   <li>In quiet mode ({@code quiet > 0}) nothing is reported and no nested class or lambda is
 *       analysed: a finally block is re-run quietly only to compute the state a jump or normal
 *       completion leaves it with; its diagnostics come from the one loud run.
 * </ul>
 * Rejected alternatives: the Checker Framework's dataflow framework (a CFG with a may-held
 * store) would handle arbitrary jumps uniformly, but it reports through a type factory and
 * loses the statement structure the loop rule and the try-with-resources rule are phrased in;
 * an "unbalanced at method exit" rule was left out because a may-set flags correlated
 * conditional lock/unlock pairs, a common kernel pattern.
 */
final class BodyAnalysis extends TreeScanner<Void, Void> {

    /** A frame of the enclosing statement structure. */
    private abstract static class Frame {}

    /** What a jump statement is looking for. */
    private enum Jump {
        BREAK,
        CONTINUE,
        YIELD
    }

    /** A statement a jump can target, collecting the states jumps bring to it. */
    private static final class Target extends Frame {
        enum Kind {
            LOOP,
            SWITCH,
            SWITCH_EXPRESSION,
            LABELED
        }

        final Kind kind;
        final Set<Name> labels;
        @Nullable HeldRanks breaks;
        @Nullable HeldRanks continues;

        Target(Kind kind, Set<Name> labels) {
            this.kind = kind;
            this.labels = labels;
        }

        boolean accepts(Jump jump, @Nullable Name label) {
            switch (jump) {
                case YIELD:
                    return kind == Kind.SWITCH_EXPRESSION;
                case CONTINUE:
                    return kind == Kind.LOOP && (label == null || labels.contains(label));
                default:
                    return label == null
                            ? kind == Kind.LOOP || kind == Kind.SWITCH
                            : labels.contains(label);
            }
        }
    }

    /** An enclosing try statement, while its try block or its catch blocks are analysed. */
    private static final class TryScope extends Frame {
        final @Nullable BlockTree finallyBlock;
        /** Ranks taken by try-with-resources initializers, released when the try block ends. */
        final List<LockRank> resourceRanks = new ArrayList<>();
        /** True while in the try block (resources open), false in the catch blocks. */
        boolean inTryBlock = true;
        /** Union of every state reached in the try block: the catch blocks' entry. */
        @Nullable HeldRanks thrownInTry;
        /** Union of every state reached in the catch blocks. */
        @Nullable HeldRanks thrownInCatch;

        TryScope(@Nullable BlockTree finallyBlock) {
            this.finallyBlock = finallyBlock;
        }
    }

    /** The two states after a condition: where it is true and where it is false. */
    private static final class Split {
        final @Nullable HeldRanks whenTrue;
        final @Nullable HeldRanks whenFalse;

        Split(@Nullable HeldRanks whenTrue, @Nullable HeldRanks whenFalse) {
            this.whenTrue = whenTrue;
            this.whenFalse = whenFalse;
        }
    }

    private final LockOrderVisitor owner;
    private @Nullable HeldRanks state;
    private List<Frame> frames = new ArrayList<>();
    private final List<Name> pendingLabels = new ArrayList<>();
    private int quiet;

    private BodyAnalysis(LockOrderVisitor owner, HeldRanks entry) {
        this.owner = owner;
        this.state = entry;
    }

    /**
     * Analyses {@code body} as its own method entered with {@code entry} held.
     *
     * @param owner the visitor of the enclosing compilation unit
     * @param body a block, an expression (lambda or field initializer)
     * @param entry the ranks held on entry
     */
    static void run(LockOrderVisitor owner, Tree body, HeldRanks entry) {
        new BodyAnalysis(owner, entry).scan(body, null);
    }

    /**
     * Analyses a method reference as a body consisting of one call to the referenced method.
     *
     * @param owner the visitor of the enclosing compilation unit
     * @param reference the method reference, where messages point
     * @param target the referenced method
     * @param entry the ranks held on entry (those of the functional interface method)
     */
    static void runReference(
            LockOrderVisitor owner, MemberReferenceTree reference, ExecutableElement target,
            HeldRanks entry) {
        new BodyAnalysis(owner, entry).applyCall(reference, target, null);
    }

    // ---------------------------------------------------------------------------------------
    // Effects of calls

    /**
     * Applies the lock annotations of {@code method}, called at {@code call}: a release must find
     * its rank held; an acquisition (or entering a {@code @RunsAt} level) must rank strictly above
     * every rank held; an {@code @Acquires} leaves its rank held.
     *
     * @param guard the local variable the call's result is stored in, or null
     */
    private void applyCall(Tree call, ExecutableElement method, @Nullable Element guard) {
        HeldRanks s = state;
        if (s == null) {
            return;
        }
        MethodLockSpec spec = owner.specs().of(method);
        String callName = LockSpecs.describe(method);
        Declared released = spec.releases();
        if (released != null) {
            LockRank rank = released.rank();
            if (s.holds(rank)) {
                s.release(rank);
            } else {
                report(call, "release.not.held", callName, rank);
            }
            recordPoint();
        }
        Declared acquired = spec.acquiredByCall();
        if (acquired != null) {
            LockRank rank = acquired.rank();
            String verb = spec.callKeepsRank() ? "acquires" : "runs at";
            checkAcquire(s, call, callName, verb, rank);
            if (spec.callKeepsRank()) {
                TypeKind returned = method.getReturnType().getKind();
                boolean reference = !returned.isPrimitive() && returned != TypeKind.VOID;
                s.acquire(rank, "acquired by " + callName + " at line " + owner.line(call),
                        reference ? guard : null);
                recordPoint();
            }
        }
    }

    private void checkAcquire(HeldRanks s, Tree call, String callName, String verb, LockRank rank) {
        if (rank == LockRank.FOLIO_LOCK && s.holds(LockRank.PUNCH)) {
            report(call, "punch.locks.folio", callName, verb, s.originOf(LockRank.PUNCH));
        } else if (s.holds(rank)) {
            report(call, "recursive.locking", callName, verb, rank, s.originOf(rank));
        } else {
            LockRank above = s.highestAbove(rank);
            if (above != null) {
                report(call, "lock.order", callName, verb, rank, above, s.originOf(above),
                        LockOrderChecker.ORDER);
            }
        }
    }

    /**
     * Adds the current state to every enclosing try's exceptional-exit set. An exception leaving
     * a try block closes its resources first, so the try statements further out see the state
     * without those ranks.
     */
    private void recordPoint() {
        HeldRanks s = state;
        if (s == null) {
            return;
        }
        for (int i = frames.size() - 1; i >= 0; i--) {
            Frame f = frames.get(i);
            if (f instanceof TryScope) {
                TryScope t = (TryScope) f;
                if (t.inTryBlock) {
                    t.thrownInTry = HeldRanks.join(t.thrownInTry, s);
                    if (!t.resourceRanks.isEmpty()) {
                        s = s.copy();
                        s.releaseAll(t.resourceRanks);
                    }
                } else {
                    t.thrownInCatch = HeldRanks.join(t.thrownInCatch, s);
                }
            }
        }
    }

    private void report(Tree where, String key, Object... args) {
        if (quiet == 0) {
            owner.report(where, key, args);
        }
    }

    // ---------------------------------------------------------------------------------------
    // Expressions

    @Override
    public Void visitMethodInvocation(MethodInvocationTree node, Void p) {
        scanCall(node, null);
        return null;
    }

    /** Evaluates the receiver and the arguments, then applies the call's effect. */
    private void scanCall(MethodInvocationTree node, @Nullable Element guard) {
        scan(node.getTypeArguments(), null);
        scan(node.getMethodSelect(), null);
        scan(node.getArguments(), null);
        ExecutableElement method = calledMethod(node);
        if (method != null) {
            applyCall(node, method, guard);
        }
    }

    private static @Nullable ExecutableElement calledMethod(MethodInvocationTree node) {
        Element e = TreeUtils.elementFromTree(node.getMethodSelect());
        return e instanceof ExecutableElement && e.getKind() == ElementKind.METHOD
                ? (ExecutableElement) e
                : null;
    }

    @Override
    public Void visitVariable(VariableTree node, Void p) {
        ExpressionTree init = node.getInitializer();
        if (init != null) {
            scanValueInto(init, TreeUtils.elementFromDeclaration(node));
        }
        return null;
    }

    @Override
    public Void visitAssignment(AssignmentTree node, Void p) {
        Element local = localVariable(node.getVariable());
        if (local == null) {
            scan(node.getVariable(), null);
            scan(node.getExpression(), null);
        } else {
            scanValueInto(node.getExpression(), local);
        }
        return null;
    }

    /**
     * Evaluates {@code value} and stores it into {@code variable}: holds guarded by the
     * variable's old value lose their guard, and an {@code @Acquires} call stored directly is
     * guarded by the variable.
     */
    private void scanValueInto(ExpressionTree value, @Nullable Element variable) {
        ExpressionTree bare = TreeUtils.withoutParens(value);
        Element local = variable != null && isLocal(variable) ? variable : null;
        if (bare instanceof MethodInvocationTree) {
            MethodInvocationTree call = (MethodInvocationTree) bare;
            scan(call.getTypeArguments(), null);
            scan(call.getMethodSelect(), null);
            scan(call.getArguments(), null);
            forgetGuard(local);
            ExecutableElement method = calledMethod(call);
            if (method != null) {
                applyCall(call, method, local);
            }
        } else {
            scan(value, null);
            forgetGuard(local);
        }
    }

    private void forgetGuard(@Nullable Element local) {
        if (local != null && state != null) {
            state.forgetGuard(local);
        }
    }

    private static @Nullable Element localVariable(ExpressionTree tree) {
        ExpressionTree bare = TreeUtils.withoutParens(tree);
        if (!(bare instanceof IdentifierTree)) {
            return null;
        }
        Element e = TreeUtils.elementFromTree(bare);
        return e != null && isLocal(e) ? e : null;
    }

    private static boolean isLocal(Element e) {
        ElementKind k = e.getKind();
        return k == ElementKind.LOCAL_VARIABLE
                || k == ElementKind.PARAMETER
                || k == ElementKind.RESOURCE_VARIABLE;
    }

    @Override
    public Void visitConditionalExpression(ConditionalExpressionTree node, Void p) {
        Split split = condition(node.getCondition());
        state = split.whenTrue;
        scan(node.getTrueExpression(), null);
        HeldRanks afterTrue = state;
        state = split.whenFalse;
        scan(node.getFalseExpression(), null);
        state = HeldRanks.join(afterTrue, state);
        return null;
    }

    @Override
    public Void visitBinary(BinaryTree node, Void p) {
        Tree.Kind k = node.getKind();
        if (k == Tree.Kind.CONDITIONAL_AND || k == Tree.Kind.CONDITIONAL_OR) {
            Split split = condition(node);
            state = HeldRanks.join(split.whenTrue, split.whenFalse);
            return null;
        }
        return super.visitBinary(node, p);
    }

    /**
     * Evaluates a boolean condition and returns the states where it is true and where it is
     * false. It follows {@code !}, {@code &&}, {@code ||}, the literals, and null tests of a local
     * variable (or of an assignment to one): where the variable is null, the ranks its value
     * guards are not held.
     */
    private Split condition(ExpressionTree cond) {
        ExpressionTree e = TreeUtils.withoutParens(cond);
        switch (e.getKind()) {
            case LOGICAL_COMPLEMENT: {
                Split inner = condition(((UnaryTree) e).getExpression());
                return new Split(inner.whenFalse, inner.whenTrue);
            }
            case CONDITIONAL_AND: {
                BinaryTree b = (BinaryTree) e;
                Split left = condition(b.getLeftOperand());
                state = left.whenTrue;
                Split right = condition(b.getRightOperand());
                return new Split(right.whenTrue, HeldRanks.join(left.whenFalse, right.whenFalse));
            }
            case CONDITIONAL_OR: {
                BinaryTree b = (BinaryTree) e;
                Split left = condition(b.getLeftOperand());
                state = left.whenFalse;
                Split right = condition(b.getRightOperand());
                return new Split(HeldRanks.join(left.whenTrue, right.whenTrue), right.whenFalse);
            }
            case BOOLEAN_LITERAL: {
                boolean value = Boolean.TRUE.equals(((LiteralTree) e).getValue());
                HeldRanks s = HeldRanks.copyOf(state);
                return value ? new Split(s, null) : new Split(null, s);
            }
            case EQUAL_TO:
            case NOT_EQUAL_TO: {
                BinaryTree b = (BinaryTree) e;
                Element tested = nullTested(b);
                if (tested != null) {
                    scan(b.getLeftOperand(), null);
                    scan(b.getRightOperand(), null);
                    HeldRanks isNull = HeldRanks.copyOf(state);
                    if (isNull != null) {
                        isNull.assumeNull(tested);
                    }
                    HeldRanks nonNull = HeldRanks.copyOf(state);
                    return e.getKind() == Tree.Kind.EQUAL_TO
                            ? new Split(isNull, nonNull)
                            : new Split(nonNull, isNull);
                }
                break;
            }
            default:
                break;
        }
        scan(e, null);
        return new Split(HeldRanks.copyOf(state), HeldRanks.copyOf(state));
    }

    /** The local variable {@code b} compares with {@code null}, or null if it is no such test. */
    private static @Nullable Element nullTested(BinaryTree b) {
        ExpressionTree left = TreeUtils.withoutParens(b.getLeftOperand());
        ExpressionTree right = TreeUtils.withoutParens(b.getRightOperand());
        ExpressionTree other;
        if (left.getKind() == Tree.Kind.NULL_LITERAL) {
            other = right;
        } else if (right.getKind() == Tree.Kind.NULL_LITERAL) {
            other = left;
        } else {
            return null;
        }
        if (other instanceof AssignmentTree) {
            return localVariable(((AssignmentTree) other).getVariable());
        }
        return localVariable(other);
    }

    @Override
    public Void visitSwitchExpression(SwitchExpressionTree node, Void p) {
        scan(node.getExpression(), null);
        HeldRanks selected = HeldRanks.copyOf(state);
        Target target = push(new Target(Target.Kind.SWITCH_EXPRESSION, Set.of()));
        HeldRanks values = null;
        HeldRanks fallthrough = null;
        for (CaseTree c : node.getCases()) {
            if (c.getCaseKind() == CaseTree.CaseKind.RULE) {
                state = HeldRanks.copyOf(selected);
                Tree body = c.getBody();
                scan(body, null);
                if (body instanceof ExpressionTree) {
                    values = HeldRanks.join(values, state); // the rule's value
                }
            } else {
                state = HeldRanks.join(selected, fallthrough);
                scan(c.getStatements(), null);
                fallthrough = state;
            }
        }
        pop();
        // A switch expression is exhaustive: it completes only through a value or a yield.
        state = HeldRanks.join(values, target.breaks);
        return null;
    }

    @Override
    public Void visitLambdaExpression(LambdaExpressionTree node, Void p) {
        if (quiet == 0) {
            owner.analyseLambda(node); // its own body, not run here
        }
        return null;
    }

    @Override
    public Void visitMemberReference(MemberReferenceTree node, Void p) {
        scan(node.getQualifierExpression(), null); // evaluated now
        if (quiet == 0) {
            owner.analyseReference(node);
        }
        return null;
    }

    @Override
    public Void visitNewClass(NewClassTree node, Void p) {
        scan(node.getEnclosingExpression(), null);
        scan(node.getArguments(), null);
        ClassTree body = node.getClassBody();
        if (body != null && quiet == 0) {
            owner.analyseClass(body);
        }
        return null;
    }

    @Override
    public Void visitClass(ClassTree node, Void p) {
        if (quiet == 0) {
            owner.analyseClass(node); // a local class: its methods are their own bodies
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------
    // Statements

    @Override
    public Void visitIf(IfTree node, Void p) {
        Split split = condition(node.getCondition());
        state = split.whenTrue;
        scan(node.getThenStatement(), null);
        HeldRanks afterThen = state;
        state = split.whenFalse;
        scan(node.getElseStatement(), null);
        // Conservative: a rank taken on either branch is held after the if.
        state = HeldRanks.join(afterThen, state);
        return null;
    }

    /** The two states a loop iteration ends in: back to the loop head, and out of the loop. */
    private static final class LoopEnd {
        final @Nullable HeldRanks backEdge;
        final @Nullable HeldRanks exit;

        LoopEnd(@Nullable HeldRanks backEdge, @Nullable HeldRanks exit) {
            this.backEdge = backEdge;
            this.exit = exit;
        }
    }

    /** One iteration of a loop, analysed from the current state as the loop head. */
    private interface Iteration {
        LoopEnd run(Target target);
    }

    /**
     * Upper bound on the passes over one loop. With the ranks fixed, a guard only goes from a
     * variable to none, so the head is stable after two passes unless a rank is taken
     * recursively in the body (already reported); the bound keeps that case finite.
     */
    private static final int MAX_LOOP_PASSES = 3;

    /**
     * Analyses a loop: one pass over an iteration from the loop-entry state; if the back edge
     * brings the same ranks to the head but not in the same way (a hold no longer following a
     * null test), further passes from the widened head until it is stable, so the body is
     * checked in every state an iteration can start in. If the back edge brings other ranks, the
     * loop rule reports that and the analysis does not go round again (a second pass would only
     * repeat the leak as recursive locking). Diagnostics repeated by later passes are printed
     * once.
     */
    private void analyseLoop(Tree loop, Set<Name> labels, Iteration iteration) {
        HeldRanks entry = HeldRanks.copyOf(state);
        HeldRanks head = entry;
        for (int pass = 1; ; pass++) {
            state = HeldRanks.copyOf(head);
            LoopEnd end = iteration.run(new Target(Target.Kind.LOOP, labels));
            if (pass == 1) {
                checkBackEdge(loop, entry, end.backEdge);
            }
            HeldRanks back = end.backEdge;
            if (head == null || back == null || !back.ranks().equals(head.ranks())
                    || back.sameHolds(head) || pass == MAX_LOOP_PASSES) {
                state = end.exit;
                return;
            }
            head = HeldRanks.join(head, back);
        }
    }

    @Override
    public Void visitWhileLoop(WhileLoopTree node, Void p) {
        analyseLoop(node, takeLabels(), target -> {
            Split split = condition(node.getCondition());
            state = split.whenTrue;
            push(target);
            scan(node.getStatement(), null);
            pop();
            return new LoopEnd(HeldRanks.join(state, target.continues),
                    HeldRanks.join(split.whenFalse, target.breaks));
        });
        return null;
    }

    @Override
    public Void visitDoWhileLoop(DoWhileLoopTree node, Void p) {
        analyseLoop(node, takeLabels(), target -> {
            push(target);
            scan(node.getStatement(), null);
            pop();
            state = HeldRanks.join(state, target.continues);
            Split split = condition(node.getCondition());
            return new LoopEnd(split.whenTrue, HeldRanks.join(split.whenFalse, target.breaks));
        });
        return null;
    }

    @Override
    public Void visitForLoop(ForLoopTree node, Void p) {
        Set<Name> labels = takeLabels();
        scan(node.getInitializer(), null);
        analyseLoop(node, labels, target -> {
            Split split = node.getCondition() == null
                    ? new Split(HeldRanks.copyOf(state), null)
                    : condition(node.getCondition());
            state = split.whenTrue;
            push(target);
            scan(node.getStatement(), null);
            pop();
            state = HeldRanks.join(state, target.continues);
            scan(node.getUpdate(), null);
            return new LoopEnd(state, HeldRanks.join(split.whenFalse, target.breaks));
        });
        return null;
    }

    @Override
    public Void visitEnhancedForLoop(EnhancedForLoopTree node, Void p) {
        Set<Name> labels = takeLabels();
        scan(node.getExpression(), null);
        analyseLoop(node, labels, target -> {
            HeldRanks head = HeldRanks.copyOf(state);
            push(target);
            scan(node.getStatement(), null);
            pop();
            return new LoopEnd(HeldRanks.join(state, target.continues),
                    HeldRanks.join(head, target.breaks));
        });
        return null;
    }

    /**
     * The loop rule: an iteration must end holding exactly what the loop was entered with. A rank
     * taken in the body and still held at the back edge would be taken again by the next
     * iteration (lockdep: recursive locking) or leak out of the loop; a rank held on entry and
     * released by the body would be released again (lockdep: bad unlock balance). Leaving the
     * loop by {@code break} (or {@code return}) may carry a rank out: "find and lock" loops do.
     */
    private void checkBackEdge(Tree loop, @Nullable HeldRanks head, @Nullable HeldRanks backEdge) {
        if (head == null || backEdge == null) {
            return;
        }
        for (LockRank r : backEdge.ranks()) {
            if (!head.holds(r)) {
                report(loop, "loop.lock.leaked", r, backEdge.originOf(r));
            }
        }
        for (LockRank r : head.ranks()) {
            if (!backEdge.holds(r)) {
                report(loop, "loop.lock.unbalanced", r, head.originOf(r));
            }
        }
    }

    @Override
    public Void visitLabeledStatement(LabeledStatementTree node, Void p) {
        StatementTree body = node.getStatement();
        switch (body.getKind()) {
            case WHILE_LOOP:
            case DO_WHILE_LOOP:
            case FOR_LOOP:
            case ENHANCED_FOR_LOOP:
            case LABELED_STATEMENT:
                pendingLabels.add(node.getLabel()); // the loop takes it
                scan(body, null);
                return null;
            default:
                Set<Name> labels = takeLabels();
                labels.add(node.getLabel());
                Target target = push(new Target(Target.Kind.LABELED, labels));
                scan(body, null);
                pop();
                state = HeldRanks.join(state, target.breaks);
                return null;
        }
    }

    @Override
    public Void visitSwitch(SwitchTree node, Void p) {
        scan(node.getExpression(), null);
        HeldRanks selected = HeldRanks.copyOf(state);
        Target target = push(new Target(Target.Kind.SWITCH, Set.of()));
        boolean hasDefault = false;
        boolean rules = false;
        HeldRanks ruleEnds = null;
        HeldRanks fallthrough = null;
        for (CaseTree c : node.getCases()) {
            hasDefault |= c.getExpressions().isEmpty();
            if (c.getCaseKind() == CaseTree.CaseKind.RULE) {
                rules = true;
                state = HeldRanks.copyOf(selected);
                scan(c.getBody(), null);
                ruleEnds = HeldRanks.join(ruleEnds, state);
            } else {
                state = HeldRanks.join(selected, fallthrough);
                scan(c.getStatements(), null);
                fallthrough = state;
            }
        }
        pop();
        HeldRanks after = rules ? ruleEnds : fallthrough;
        after = HeldRanks.join(after, target.breaks);
        if (!hasDefault) {
            after = HeldRanks.join(after, selected); // no case matched
        }
        state = after;
        return null;
    }

    @Override
    public Void visitBreak(BreakTree node, Void p) {
        jump(Jump.BREAK, node.getLabel());
        return null;
    }

    @Override
    public Void visitContinue(ContinueTree node, Void p) {
        jump(Jump.CONTINUE, node.getLabel());
        return null;
    }

    @Override
    public Void visitYield(YieldTree node, Void p) {
        scan(node.getValue(), null);
        jump(Jump.YIELD, null);
        return null;
    }

    @Override
    public Void visitReturn(ReturnTree node, Void p) {
        scan(node.getExpression(), null);
        state = null; // no rule applies at method exit (see the class comment)
        return null;
    }

    @Override
    public Void visitThrow(ThrowTree node, Void p) {
        scan(node.getExpression(), null);
        state = null; // recordPoint() already gave every enclosing try this state
        return null;
    }

    @Override
    public Void visitAssert(AssertTree node, Void p) {
        HeldRanks disabled = HeldRanks.copyOf(state);
        Split split = condition(node.getCondition());
        state = split.whenFalse;
        scan(node.getDetail(), null); // then AssertionError is thrown
        state = HeldRanks.join(disabled, split.whenTrue);
        return null;
    }

    /**
     * A try statement. Resources whose initializer is an {@code @Acquires} call hold its rank
     * for the try block and are closed (the rank released) when it ends, before any catch or
     * finally block runs. Catch blocks start from every state the try block reached; the finally
     * block from every state the try and catch blocks reached, and its diagnostics come from
     * that run; the state after the statement is the finally block re-run from the normal
     * completions only.
     */
    @Override
    public Void visitTry(TryTree node, Void p) {
        TryScope scope = new TryScope(node.getFinallyBlock());
        scope.thrownInTry = HeldRanks.copyOf(state);
        push(scope);
        for (Tree resource : node.getResources()) {
            // Known before the initializer runs, so that an exception from within it (after the
            // acquisition) is recorded for outer try statements as closing the resource.
            if (resource instanceof VariableTree) {
                LockRank rank = acquiredByTopLevelCall(((VariableTree) resource).getInitializer());
                if (rank != null) {
                    scope.resourceRanks.add(rank);
                }
            }
            scan(resource, null);
        }
        scan(node.getBlock(), null);
        HeldRanks normal = state;
        if (normal != null) {
            normal.releaseAll(scope.resourceRanks);
        }
        scope.inTryBlock = false;
        HeldRanks catchEntry = HeldRanks.copyOf(scope.thrownInTry);
        if (catchEntry != null) {
            catchEntry.releaseAll(scope.resourceRanks);
        }
        for (CatchTree c : node.getCatches()) {
            state = HeldRanks.copyOf(catchEntry);
            scan(c.getBlock(), null);
            normal = HeldRanks.join(normal, state);
        }
        pop();
        BlockTree finallyBlock = node.getFinallyBlock();
        if (finallyBlock == null) {
            state = normal;
            return null;
        }
        state = HeldRanks.join(HeldRanks.join(normal, catchEntry), scope.thrownInCatch);
        scan(finallyBlock, null);
        state = normal == null ? null : runQuietly(finallyBlock, normal, frames.size());
        return null;
    }

    private @Nullable LockRank acquiredByTopLevelCall(@Nullable ExpressionTree init) {
        if (init == null) {
            return null;
        }
        ExpressionTree bare = TreeUtils.withoutParens(init);
        if (!(bare instanceof MethodInvocationTree)) {
            return null;
        }
        ExecutableElement method = calledMethod((MethodInvocationTree) bare);
        if (method == null) {
            return null;
        }
        MethodLockSpec spec = owner.specs().of(method);
        Declared acquired = spec.acquires();
        return acquired == null ? null : acquired.rank();
    }

    // ---------------------------------------------------------------------------------------
    // Jumps and frames

    /**
     * Takes the current state to the target of a break, continue or yield, through the frames
     * it leaves: resources of the try statements left are closed and their finally blocks run.
     */
    private void jump(Jump jump, @Nullable Name label) {
        HeldRanks s = state;
        state = null;
        if (s == null) {
            return;
        }
        s = s.copy();
        for (int i = frames.size() - 1; i >= 0; i--) {
            Frame f = frames.get(i);
            if (f instanceof Target && ((Target) f).accepts(jump, label)) {
                Target t = (Target) f;
                if (jump == Jump.CONTINUE) {
                    t.continues = HeldRanks.join(t.continues, s);
                } else {
                    t.breaks = HeldRanks.join(t.breaks, s);
                }
                return;
            }
            if (f instanceof TryScope) {
                TryScope t = (TryScope) f;
                if (t.inTryBlock) {
                    s.releaseAll(t.resourceRanks);
                }
                if (t.finallyBlock != null) {
                    HeldRanks after = runQuietly(t.finallyBlock, s, i);
                    if (after == null) {
                        return; // the finally block does not complete normally
                    }
                    s = after;
                }
            }
        }
        // No target: javac has rejected the jump already.
    }

    /**
     * The state {@code block} leaves when entered with {@code entry} and only the first
     * {@code depth} frames around it, without reporting anything.
     */
    private @Nullable HeldRanks runQuietly(BlockTree block, HeldRanks entry, int depth) {
        HeldRanks savedState = state;
        List<Frame> savedFrames = frames;
        frames = new ArrayList<>(savedFrames.subList(0, depth));
        state = entry.copy();
        quiet++;
        try {
            scan(block, null);
            return state;
        } finally {
            quiet--;
            frames = savedFrames;
            state = savedState;
        }
    }

    private <F extends Frame> F push(F frame) {
        frames.add(frame);
        return frame;
    }

    private void pop() {
        frames.remove(frames.size() - 1);
    }

    private Set<Name> takeLabels() {
        Set<Name> labels = new LinkedHashSet<>(pendingLabels);
        pendingLabels.clear();
        return labels;
    }
}
