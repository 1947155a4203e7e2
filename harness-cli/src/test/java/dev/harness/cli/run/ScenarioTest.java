package dev.harness.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.load.LoadConfig;
import dev.harness.transport.Transport;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScenarioTest {

    private static final InetSocketAddress TARGET = new InetSocketAddress("127.0.0.1", 1);

    @Test
    void breakingPointClimbsByDoublingThenByHalfSteps() {
        assertEquals(List.of(1_000, 2_000, 4_000, 8_000, 16_000, 24_000, 32_000, 48_000, 64_000, 96_000, 100_000),
                Scenario.breakingPoint(100_000).steps());
        assertEquals(List.of(1_000, 2_000, 4_000, 8_000, 16_000, 24_000, 32_000, 48_000, 64_000),
                Scenario.breakingPoint(64_000).steps(), "the top is a step of its own, not repeated");
        assertEquals(List.of(500), Scenario.breakingPoint(500).steps(), "below the first step: one step");
        assertEquals(List.of(1_000, 2_000, 3_000), Scenario.breakingPoint(3_000).steps());
    }

    @Test
    void theRequestPhaseOfIdleConnectionsCoversEveryConnection() {
        for (int connections : List.of(10, 20_000, 100_000, 1_000_000, 10_000_000)) {
            for (double rate : List.of(Scenario.IDLE_REQUEST_RATE, 40_000.0)) {
                Duration window = Scenario.idleRequestWindow(connections, Duration.ofSeconds(1), rate);
                double requests = window.toNanos() / 1e9 * rate;
                assertTrue(requests >= connections * 1.2 - 1, connections + " at " + rate + ": " + window);
                assertTrue(window.compareTo(Duration.ofSeconds(1)) >= 0, "never shorter than the profile's window");
            }
        }
        assertEquals(Duration.ofSeconds(60), Scenario.idleRequestWindow(1_000_000, Duration.ofSeconds(6), Scenario.IDLE_REQUEST_RATE));
        assertEquals(Duration.ofSeconds(300), Scenario.idleRequestWindow(10_000_000, Duration.ofSeconds(6), 40_000));
    }

    @Test
    void theIdleRateReachesTheLoadOfAnIdleCellAndOfEveryBreakingPointStep() {
        RunSettings settings = new RunSettings("java", List.of(), List.of(), false, Transport.mem(), List.of(), List.of(),
                Duration.ofSeconds(1), Duration.ofSeconds(3), List.of("harness", "run"), CpuPinning.NONE, 1, Duration.ZERO);
        Scenario idle = Scenario.idleConnections(10_000_000).withIdleRate(40_000);
        assertEquals(40_000, idle.loadConfig(TARGET, settings.transport(), settings).rate());
        assertTrue(idle.description().contains("open loop at 40000 req/s, 10000000 connections"), idle.description());
        assertEquals(Scenario.IDLE_REQUEST_RATE, Scenario.idleConnections(10)
                .loadConfig(TARGET, settings.transport(), settings).rate(), "the default");
        assertEquals(40_000, Scenario.breakingPoint(64_000).withIdleRate(40_000).idleRate());
        Scenario echo = Scenario.echo(10);
        assertEquals(echo, echo.withIdleRate(40_000), "a load keeps its own rate");
    }

    @Test
    void onlyLoadCellsThatReadNoMemoryGetTheLoadServersFlags() {
        RunSettings settings = new RunSettings("java", List.of("-Xms256m"), List.of("-Xms2g", "-XX:+AlwaysPreTouch"), false,
                Transport.tcp(), List.of(), List.of(), Duration.ofSeconds(1), Duration.ofSeconds(3), List.of("harness", "run"),
                CpuPinning.NONE, 1, Duration.ZERO);
        assertEquals(List.of("-Xms2g", "-XX:+AlwaysPreTouch"), settings.serverJvmFlags(Scenario.echo(10)));
        assertEquals(List.of("-Xms2g", "-XX:+AlwaysPreTouch"), settings.serverJvmFlags(Scenario.httpEchoCost(100, 10_000)));
        for (Scenario memory : List.of(Scenario.idleConnections(10), Scenario.breakingPoint(1_000), Scenario.blockingCall(10))) {
            assertEquals(List.of("-Xms256m"), settings.serverJvmFlags(memory), memory.name());
        }
    }

    @Test
    void scenariosHaveTheirKindAndCount() {
        assertEquals(Scenario.Kind.IDLE_CONNECTIONS, Scenario.idleConnections(10).kind());
        assertEquals(Scenario.Kind.BREAKING_POINT, Scenario.breakingPoint().kind());
        assertEquals(Scenario.BREAKING_POINT_TOP, Scenario.breakingPoint().connections());
        assertEquals(7, Scenario.idleConnections(10).withConnections(7).connections());
    }

    @Test
    void theQuickAndFullProfilesCompareCostAtAFixedRate() {
        for (Profile profile : List.of(Profile.QUICK, Profile.FULL)) {
            Scenario cost = profile.scenarios().stream().filter(Scenario::comparesCost).findFirst().orElseThrow();
            assertEquals("echo-cost", cost.name());
            assertEquals(100, cost.connections());
            assertTrue(cost.description().contains("open loop at 10000 req/s"), cost.description());
        }
    }

    @Test
    void theFullProfileCarriesTheSeedsTradeOffsAndTheProactorsPrice() {
        List<String> names = Profile.FULL.scenarios().stream().map(Scenario::name).toList();
        assertTrue(names.containsAll(List.of("work-cpu", "work-wait-long", "subscribe", "relay", "silent-downstream",
                "connect-storm-sync", "connect-storm-async")), names.toString());
        Scenario relay = Profile.FULL.scenarios().stream().filter(s -> s.name().equals("relay")).findFirst().orElseThrow();
        assertEquals(Scenario.Downstream.SAME_MODEL, relay.downstream());
        assertEquals(Scenario.Downstream.NONE, Scenario.echo(10).downstream());
        assertTrue(Scenario.connectStorm(dev.harness.load.connector.Connector.Mode.SYNC, 10, 10).comparesConnect());
    }

    @Test
    void aSilentDownstreamWindowHoldsSeveralTimeouts() {
        Scenario silent = Scenario.silentDownstream(10, 100);
        assertEquals(Scenario.SILENT_WINDOW, silent.loadWindow(Duration.ofSeconds(1)));
        assertTrue(Scenario.SILENT_WINDOW.compareTo(Scenario.SILENT_DOWNSTREAM_TIMEOUT.multipliedBy(3)) >= 0);
        assertEquals(Duration.ofSeconds(15), silent.loadWindow(Duration.ofSeconds(15)), "a longer run window stays");
        assertEquals(Duration.ofSeconds(1), Scenario.echo(10).loadWindow(Duration.ofSeconds(1)));
    }

    @Test
    void blockingCallsOfferTenPerConnectionUpToTheCapAndReadWhatAConnectionCosts() {
        List<Double> rates = Scenario.blockingCalls().stream().map(s -> s.load()
                .apply(LoadConfig.builder(new InetSocketAddress("127.0.0.1", 1))).build().rate()).toList();
        assertEquals(List.of(1_000.0, 5_000.0, 5_000.0), rates, "100, 1,000 and 4,000 connections");
        assertEquals(List.of("blocking-call-100", "blocking-call-1000", "blocking-call-4000"),
                Scenario.blockingCalls().stream().map(Scenario::name).toList());
        for (Scenario blocking : Scenario.blockingCalls()) {
            assertTrue(blocking.blocksCalls() && blocking.readsIdleMemory(), blocking.name());
            assertEquals(List.of("--handler", Scenario.BLOCKING_CALL_HANDLER), blocking.serverArgs());
            List<String> rows = Metric.of(blocking).stream().map(Metric::key).toList();
            assertTrue(rows.containsAll(List.of("throughput_rps", "server.threads", "server.memory.heap_bytes_per_connection",
                    "server.memory.rss_bytes_per_connection", "server.memory.threads", "server.blocking_pool_threads")),
                    rows.toString());
        }
        assertTrue(Scenario.idleConnections(10).readsIdleMemory());
        assertTrue(!Scenario.echo(10).readsIdleMemory() && !Scenario.echo(10).blocksCalls());
        assertTrue(Metric.of(Scenario.echo(10)).stream().noneMatch(m -> m.key().startsWith("server.memory")
                || m.key().equals("server.blocking_pool_threads")));
    }
}
