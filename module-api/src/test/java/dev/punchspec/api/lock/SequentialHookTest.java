package dev.punchspec.api.lock;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SequentialHookTest {

    private final SequentialHook hook = new SequentialHook();

    @Test
    void waitingSucceedsOnlyIfTheConditionAlreadyHolds() {
        assertTrue(hook.blockUntil("free lock", () -> true));
        assertFalse(hook.blockUntil("taken lock", () -> false));
    }

    @Test
    void schedulingPointsSwitchNothing() {
        assertDoesNotThrow(() -> hook.schedulingPoint("seek data 0"));
        assertEquals("sequential", hook.toString());
    }
}
