package dev.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.cli.options.ServerOptions;
import dev.harness.server.ServerConfig;
import java.time.Duration;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.junit.jupiter.api.Test;

/** {@code harness serve}: the robustness options, their defaults in --help, and how they are parsed. */
class ServeCommandTest {

    private static ServerConfig config(String... args) throws Exception {
        CommandLine line = new DefaultParser().parse(ServerOptions.options(), args);
        return ServerOptions.config(line);
    }

    @Test
    void helpListsTheTimeoutsAndTheConnectionLimitWithTheirDefaults() {
        String help = MisuseTest.harness("serve", "--help").out().replaceAll("\\s+", " "); // the help wraps lines
        assertTrue(help.contains("--header-timeout") && help.contains("(default 10s)"), help);
        assertTrue(help.contains("--idle-timeout") && help.contains("(default 60s)"), help);
        assertTrue(help.contains("--max-connections") && help.contains("(default 10000)"), help);
        assertTrue(help.contains("--max-output-bytes") && help.contains("(default: a quarter of the max heap"), help);
    }

    @Test
    void defaultsAreThoseOfServerConfig() throws Exception {
        ServerConfig c = config("--server", "sync-threads");
        assertEquals(ServerConfig.DEFAULT_HEADER_TIMEOUT, c.headerTimeout());
        assertEquals(ServerConfig.DEFAULT_IDLE_TIMEOUT, c.idleTimeout());
        assertEquals(ServerConfig.DEFAULT_MAX_CONNECTIONS, c.maxConnections());
        assertEquals(Runtime.getRuntime().maxMemory() / ServerConfig.HEAP_SHARE_FOR_OUTPUT, c.maxOutputBytes());
        assertEquals(ServerConfig.loopback().withPort(8080), c, "serve's defaults are loopback()'s, on port 8080");
    }

    @Test
    void valuesAreParsedAndZeroMeansNever() throws Exception {
        ServerConfig c = config("--server", "sync-threads", "--header-timeout", "250ms", "--idle-timeout", "0",
                "--max-connections", "3", "--max-output-bytes", "5_000_000_000");
        assertEquals(Duration.ofMillis(250), c.headerTimeout());
        assertEquals(Duration.ZERO, c.idleTimeout());
        assertEquals(3, c.maxConnections());
        assertEquals(5_000_000_000L, c.maxOutputBytes(), "a budget may pass an int");
        assertEquals(250_000_000L / 8, c.timeoutCheckIntervalNanos(), "an eighth of the shorter timeout that is set");
        assertEquals(250_000_000L, ServerConfig.loopback().withHeaderTimeout(Duration.ZERO).withIdleTimeout(Duration.ZERO)
                .timeoutCheckIntervalNanos(), "no timeout: the slowest check");
    }
}
