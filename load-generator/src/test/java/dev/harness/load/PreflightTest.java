package dev.harness.load;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.transport.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class PreflightTest {

    @Test
    void tooManyConnectionsForTheOpenFilesLimit() {
        LoadException e = assertThrows(LoadException.class, () -> Preflight.check(30_000, 1, 20_000, 30, 28_232, "h:1"));
        assertTrue(e.getMessage().startsWith("cannot open 30000 connections: the open-files limit is 20000 (ulimit -n)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("ulimit -n 40000"), e.getMessage());
        assertTrue(e.getMessage().contains("use --transport mem"), e.getMessage());
    }

    @Test
    void memHoldsNoFileDescriptorsAndNoPortsSoAMillionPasses() {
        LoadConfig mem = LoadConfig.builder(new InetSocketAddress("127.0.0.1", 9000)).transport(Transport.mem())
                .connections(1_000_000).build();
        assertDoesNotThrow(() -> Preflight.check(mem));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LoadConfig
                .builder(new InetSocketAddress("127.0.0.1", 9000)).transport(Transport.mem())
                .sourceAddresses(List.of(InetAddress.getLoopbackAddress())).build());
        assertTrue(e.getMessage().startsWith("--source-address is for --transport tcp"), e.getMessage());
    }

    @Test
    void tooManyConnectionsForTheEphemeralPorts() {
        LoadException e = assertThrows(LoadException.class, () -> Preflight.check(60_000, 1, 1_000_000, 30, 28_232, "h:1"));
        assertTrue(e.getMessage().contains("one source address has 28232 ephemeral ports"), e.getMessage());
        assertTrue(e.getMessage().contains("at least 3 addresses"), e.getMessage());
        assertDoesNotThrow(() -> Preflight.check(60_000, 3, 1_000_000, 30, 28_232, "h:1"));
    }

    @Test
    void unknownLimitsPassAndSmallPlansPass() {
        assertDoesNotThrow(() -> Preflight.check(100, 1, -1, -1, -1, "h:1"));
        assertDoesNotThrow(() -> Preflight.check(100, 1, 1024, 30, 28_232, "h:1"));
    }

    @Test
    void theRealMachineIsRead() {
        assertTrue(Preflight.openFilesLimit() != 0);
        assertTrue(Preflight.ephemeralPorts() != 0);
    }
}
