package dev.punchspec.punch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.punchspec.api.mapping.AddressSpace;
import dev.punchspec.punch.scan.Seed61Release;
import org.junit.jupiter.api.Test;

/** What the KeY-subset release loop must share with the api it cannot import. */
class Seed61ReleaseTest {

    @Test
    void itsEnxioIsTheApis() {
        assertEquals(AddressSpace.ENXIO, Seed61Release.ENXIO);
    }
}
