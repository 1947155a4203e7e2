package dev.harness.cli.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.load.LoadConfig;
import dev.harness.load.client.Protocol;
import dev.harness.load.client.Workload;
import dev.harness.load.connector.Connector;
import dev.harness.transport.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.junit.jupiter.api.Test;

/**
 * A mem cell's load crosses into its JVM as harness load options: parsing them gives the same configuration,
 * server and hold.
 */
class LoadOptionsTest {

    private static final InetSocketAddress TARGET = new InetSocketAddress("127.0.0.1", 9000);

    private static LoadConfig roundTrip(LoadConfig config) throws Exception {
        List<String> args = new ArrayList<>(List.of("--target", "127.0.0.1:9000"));
        args.addAll(LoadOptions.args(config));
        CommandLine line = new DefaultParser().parse(LoadOptions.options(), args.toArray(String[]::new));
        return LoadOptions.parse(line, config.commandLine()).config();
    }

    @Test
    void everyParameterWithAnOptionSurvivesTheTrip() throws Exception {
        List<LoadConfig> configs = List.of(
                LoadConfig.builder(TARGET).build(),
                LoadConfig.builder(TARGET).protocol(Protocol.HTTP).workload(Workload.WORK).connections(1_000_000).inflight(16)
                        .threads(3).rate(20_000).arrival(LoadConfig.Arrival.POISSON).seed(7).warmup(Duration.ofMillis(1500))
                        .duration(Duration.ofSeconds(60)).timeout(Duration.ofNanos(2_500_001)).timeLimit(Duration.ofMinutes(3))
                        .connector(Connector.Mode.SYNC).connectRate(1234.5).connectInFlight(99).cpuMicros(5).waitMicros(10)
                        .replyBytes(64).events(3).intervalMicros(7).saturationLag(Duration.ofMillis(9))
                        .sourceAddresses(List.of(InetAddress.getByName("127.0.0.2"), InetAddress.getByName("127.0.0.3")))
                        .commandLine(List.of("harness", "run")).build(),
                LoadConfig.builder(TARGET).workload(Workload.WORK).waitMicros(0).waitMaxMicros(2000).inflight(16)
                        .payloadBytes(16).build(),
                LoadConfig.builder(TARGET).connections(10).rate(100).index(2).of(3)
                        .startAt(Instant.parse("2026-12-05T09:30:00.250Z"))
                        .clockServer(InetSocketAddress.createUnresolved("pool.ntp.org", 123)).build());
        for (LoadConfig config : configs) {
            assertEquals(config, roundTrip(config), String.join(" ", LoadOptions.args(config)));
        }
    }

    @Test
    void aStartInstantIsIsoOrEpochMilliseconds() throws Exception {
        Instant instant = Instant.parse("2026-12-05T09:30:00Z");
        assertEquals(instant, Args.instant("start-at", "2026-12-05T10:30:00+01:00"));
        assertEquals(instant, Args.instant("start-at", String.valueOf(instant.toEpochMilli())));
    }

    @Test
    void aMemCellsArgumentsParseBackToItsLoadItsServerItsHoldAndItsLinkDelay() throws Exception {
        LoadConfig config = LoadConfig.builder(new InetSocketAddress("127.0.0.1", 1)).transport(Transport.mem())
                .connections(20_000).rate(20_000).warmup(Duration.ofMillis(500)).duration(Duration.ofSeconds(2))
                .commandLine(List.of("harness", "run")).build();
        List<String> serverArgs = new ArrayList<>(List.of("--loops", "1"));
        serverArgs.addAll(ServerOptions.MAX_CONNECTIONS.words(20_000));
        serverArgs.addAll(ServerOptions.IDLE_TIMEOUT.words(Duration.ZERO));
        serverArgs.addAll(ServerOptions.WRITE_TIMEOUT.words(Duration.ofSeconds(7)));
        serverArgs.addAll(ServerOptions.MAX_OUTPUT_BYTES.words(1_000_000L));
        List<String> args = LoadOptions.memCell("proactor-act", serverArgs, Duration.ofSeconds(2), Duration.ofMillis(2), config,
                Path.of("out"));
        assertEquals("load", args.get(0));
        assertTrue(String.join(" ", args).contains("--idle-timeout 0 "), "a timeout of 0 (never) is written as 0: " + args);

        CommandLine line = new DefaultParser().parse(LoadOptions.options(), args.subList(1, args.size()).toArray(String[]::new));
        LoadOptions parsed = LoadOptions.parse(line, config.commandLine());
        assertEquals(config, parsed.config());
        assertEquals("proactor-act", parsed.inProcess().model().name());
        assertEquals(Duration.ofSeconds(2), parsed.inProcess().hold());
        assertEquals(Duration.ofMillis(2), parsed.inProcess().linkDelay());
        assertEquals(1, parsed.inProcess().server().eventLoops());
        assertEquals(20_000, parsed.inProcess().server().maxConnections());
        assertEquals(Duration.ZERO, parsed.inProcess().server().idleTimeout());
        assertEquals(Duration.ofSeconds(7), parsed.inProcess().server().writeTimeout(), "the in-process server's write timeout");
        assertEquals(1_000_000L, parsed.inProcess().server().maxOutputBytes());
        assertEquals(Path.of("out"), parsed.out());

        InetSocketAddress server = new InetSocketAddress("127.0.0.1", 40_000);
        assertEquals(LoadConfig.builder(server).transport(Transport.mem()).connections(20_000).rate(20_000)
                .warmup(Duration.ofMillis(500)).duration(Duration.ofSeconds(2)).commandLine(List.of("harness", "run")).build(),
                parsed.against(server), "the same load against the server's address");
    }
}
