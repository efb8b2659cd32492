package dev.punchspec.api.mapping;

/**
 * {@code WARN_ON_ONCE(condition)}: where the kernel code warns, the algorithm reports the condition
 * here, so the explorer can check the {@code KERNEL_WARN} property and conformance vectors can
 * record the warnings a generation raises.
 *
 * <p>Like the macro, the call returns the condition so that it can guard a branch, as in the
 * newest generation's {@code if (WARN_ON_ONCE(start_byte < 0)) return;}. The kernel prints only the
 * first warning of a call site per boot; a model reports every one, since each is a finding.
 */
public interface KernelWarn {

    /**
     * Reports {@code condition} at {@code site} when it is true.
     *
     * @param condition the warned condition
     * @param site the kernel function and the condition's source text, e.g.
     *     {@code "iomap_write_delalloc_release: data_end <= start_byte"}
     * @return {@code condition}
     */
    //@ ensures \result == condition;
    boolean warnOnOnce(boolean condition, String site);
}
