package dev.harness.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Provenance}: the fields every meta.json records, in the order it records them. */
class ProvenanceTest {

    @Test
    void theMachineIsThisOneWithItsMemoryFromProcMeminfo() {
        Provenance.Machine machine = Provenance.Machine.current();
        assertEquals(Runtime.getRuntime().availableProcessors(), machine.cores());
        assertEquals(System.getProperty("os.version"), machine.kernel());
        if (Files.isReadable(Path.of("/proc/meminfo"))) {
            assertTrue(machine.memoryBytes() > 0, "MemTotal of /proc/meminfo, in bytes");
        }
        assertEquals(List.of("os", "kernel", "arch", "cores", "memory_bytes"), List.copyOf(machine.toJson().keySet()));
    }

    @Test
    void theJdkNamesTheJavaItWasGivenAndThisRuntimesVersion() {
        Provenance.Jdk jdk = Provenance.Jdk.current("/opt/jdk/bin/java");
        assertEquals("/opt/jdk/bin/java", jdk.java());
        assertEquals(Runtime.version().toString(), jdk.version());
        assertEquals(List.of("java", "vendor", "vm", "version"), List.copyOf(jdk.toJson().keySet()));
    }

    @Test
    void outsideACheckoutTheCommitAndDirtyFlagAreNull(@TempDir Path notACheckout) {
        Provenance.Git git = Provenance.Git.of(notACheckout);
        assertNull(git.commit());
        assertNull(git.dirty());
        assertTrue(git.toJson().containsKey("commit") && git.toJson().containsKey("dirty"), "null values are kept");
        assertNull(Provenance.Git.of(null).commit());
    }

    @Test
    void inThisCheckoutTheCommitIsAFullHash() {
        Provenance.Git git = Provenance.Git.of(Path.of("").toAbsolutePath());
        if (git.commit() != null) {
            assertTrue(git.commit().matches("[0-9a-f]{40}"), git.commit());
            assertNotNull(git.dirty());
        }
    }
}
