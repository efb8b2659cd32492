package dev.punchspec.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file protocol between a {@code --jobs} run and its workers, without KeY. */
class ProofQueueTest {

    private static final ContractResult CLOSED = new ContractResult("a.B", "a.B[a.B::f(long)].c0",
            true, 120, 3, 0, 1.25, KeyGate.CHECKING_OF, "saved proof did not close: x",
            ContractResult.Route.REPLAY_THEN_SEARCH, 100);
    private static final ContractResult OPEN = new ContractResult("a.B", "a.B[a.B::g()].c0",
            false, 7, 1, 2, 0.1, KeyGate.CHECKING_OF, "2 open goals on [Post]; sequents in x=y\nz");

    @Test
    void aContractIsClaimedOnceAndItsResultComesBackWhole(@TempDir Path dir) {
        ProofQueue queue = ProofQueue.create(dir.resolve("q"), KeyGate.CHECKING_OF);
        ProofQueue worker = ProofQueue.open(dir.resolve("q"));
        assertEquals(KeyGate.CHECKING_OF, worker.intRules());
        assertTrue(worker.claim(0));
        assertFalse(queue.claim(0));
        assertTrue(queue.claim(1));
        worker.publishLoad("1", 2, 14.5);
        queue.publishLoad("2", 2, 16.0);
        worker.publish(0, CLOSED);
        queue.publish(1, OPEN);
        List<ContractResult> results = queue.results();
        assertEquals(List.of(CLOSED, OPEN), results);
        assertEquals(OPEN.note(), results.get(1).note());
        assertEquals(16.0, queue.loadSeconds());
    }

    @Test
    void creatingAQueueClearsThePreviousRun(@TempDir Path dir) {
        ProofQueue first = ProofQueue.create(dir, KeyGate.CHECKING_OF);
        assertTrue(first.claim(0));
        ProofQueue second = ProofQueue.create(dir, KeyGate.IGNORING_OF);
        assertTrue(second.claim(0));
        assertEquals(KeyGate.IGNORING_OF, second.intRules());
    }

    @Test
    void aContractWithoutAResultIsNamedWithWhatHappenedToIt(@TempDir Path dir) {
        ProofQueue queue = ProofQueue.create(dir, KeyGate.CHECKING_OF);
        queue.publishLoad("1", 3, 1.0);
        queue.claim(0);
        queue.publish(0, CLOSED);
        queue.claim(1);
        IllegalStateException died = assertThrows(IllegalStateException.class, queue::results);
        assertTrue(died.getMessage().contains("contract 1 of 3 (claimed, so its worker died"), died.getMessage());
        queue.publish(1, OPEN);
        IllegalStateException unclaimed = assertThrows(IllegalStateException.class, queue::results);
        assertTrue(unclaimed.getMessage().contains("contract 2 of 3 (never claimed)"), unclaimed.getMessage());
    }

    @Test
    void workersThatListedDifferentContractsAreRefused(@TempDir Path dir) {
        ProofQueue queue = ProofQueue.create(dir, KeyGate.CHECKING_OF);
        assertTrue(assertThrows(IllegalStateException.class, queue::results).getMessage()
                .contains("no worker loaded the sources"));
        queue.publishLoad("1", 2, 1.0);
        queue.publishLoad("2", 3, 1.0);
        assertTrue(assertThrows(IllegalStateException.class, queue::results).getMessage()
                .contains("workers listed 2 and 3 contracts"));
    }

    @Test
    void aDirectoryWithoutAQueueIsNotOpened(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("empty"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProofQueue.open(dir.resolve("empty")));
        assertTrue(e.getMessage().contains("--worker-queue is not a proof queue"), e.getMessage());
    }
}
