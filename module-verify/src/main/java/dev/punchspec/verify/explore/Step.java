package dev.punchspec.verify.explore;

import java.util.List;

/**
 * One scheduling decision of an execution: which task ran next, what it was about to do, and which
 * tasks could have run instead.
 *
 * @param taskId the task granted the step
 * @param what what that task did at this point (e.g. {@code lock folio 0 EXCLUSIVE}), or
 *     {@code start}
 * @param enabled the ids of the tasks that could run here, ascending, {@code taskId} among them;
 *     empty for a deadlock wake-up, where no task could run and {@code taskId} was woken to
 *     learn that its wait can never end
 */
public record Step(int taskId, String what, List<Integer> enabled) {

    /**
     * Validates and copies.
     *
     * @throws IllegalArgumentException if {@code enabled} is not empty and lacks {@code taskId}
     */
    public Step {
        enabled = List.copyOf(enabled);
        if (!enabled.isEmpty() && !enabled.contains(taskId)) {
            throw new IllegalArgumentException("taskId = " + taskId + " is not among the enabled tasks " + enabled);
        }
    }
}
