package dev.harness.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The rounds of a run: every cell N times, the servers rotated each round, a breaking-point climb once. */
class RunOrderTest {

    private static final List<String> SERVERS = List.of("a", "b", "c");

    @Test
    void eachRoundRotatesTheServersByOnePlace() {
        RunOrder order = new RunOrder(SERVERS, List.of(Scenario.echo(10)), 4);
        assertEquals(List.of("a", "b", "c"), order.servers(1));
        assertEquals(List.of("b", "c", "a"), order.servers(2));
        assertEquals(List.of("c", "a", "b"), order.servers(3));
        assertEquals(List.of("a", "b", "c"), order.servers(4));
    }

    @Test
    void everyCellRunsOncePerRoundInRounds() {
        Scenario echo = Scenario.echo(10);
        Scenario idle = Scenario.idleConnections(200);
        List<RunOrder.Slot> slots = new RunOrder(SERVERS, List.of(echo, idle), 2).slots();
        assertEquals(12, slots.size());
        assertEquals(List.of(1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2), slots.stream().map(RunOrder.Slot::round).toList(),
                "a round ends before the next begins");
        assertEquals(List.of("a", "b", "c", "a", "b", "c", "b", "c", "a", "b", "c", "a"),
                slots.stream().map(RunOrder.Slot::server).toList());
        Map<String, Long> perCell = slots.stream().collect(Collectors.groupingBy(
                s -> s.server() + "/" + s.scenario().name(), Collectors.counting()));
        assertEquals(6, perCell.size());
        perCell.values().forEach(n -> assertEquals(2, n));
    }

    @Test
    void aBreakingPointClimbRunsInTheFirstRoundOnly() {
        Scenario climb = Scenario.breakingPoint(2_000);
        Scenario echo = Scenario.echo(10);
        RunOrder order = new RunOrder(SERVERS, List.of(echo, climb), 3);
        Map<String, Long> perScenario = order.slots().stream().collect(Collectors.groupingBy(
                s -> s.scenario().name(), Collectors.counting()));
        assertEquals(Map.of("echo", 9L, "breaking-point", 3L), perScenario);
        assertEquals(1, order.repeatsOf(climb));
        assertEquals(3, order.repeatsOf(echo));
        assertEquals(List.of(1), order.slots().stream().filter(s -> s.scenario() == climb).map(RunOrder.Slot::round)
                .distinct().toList());
    }
}
