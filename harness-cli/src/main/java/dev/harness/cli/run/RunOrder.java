package dev.harness.cli.run;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The order of a run's cells: {@code repeats} rounds, each every scenario × server once, the servers rotated by
 * one place per round, so that drift over the run (a machine warming, another job starting) and the effect of
 * following a given server spread over every server instead of falling on one. A breaking-point climb runs in
 * the first round only: it is a search for a count and its cause, not a figure with noise, and it is long.
 *
 * @param servers   the servers, in the first round's order
 * @param scenarios the scenarios, in report order
 * @param repeats   the rounds, at least 1
 */
record RunOrder(List<String> servers, List<Scenario> scenarios, int repeats) {

    /**
     * One cell of the run.
     *
     * @param round    its round, from 1: the repeat it is
     * @param scenario the scenario
     * @param server   the server
     */
    record Slot(int round, Scenario scenario, String server) {
    }

    RunOrder {
        servers = List.copyOf(servers);
        scenarios = List.copyOf(scenarios);
        if (repeats < 1) {
            throw new IllegalArgumentException("at least one round, got " + repeats);
        }
    }

    /** The servers of round {@code round} (from 1): the first round's order rotated left by {@code round - 1}. */
    List<String> servers(int round) {
        List<String> rotated = new ArrayList<>(servers);
        if (!rotated.isEmpty()) {
            Collections.rotate(rotated, -((round - 1) % rotated.size()));
        }
        return rotated;
    }

    /** Every cell, in the order they run. */
    List<Slot> slots() {
        List<Slot> slots = new ArrayList<>();
        for (int round = 1; round <= repeats; round++) {
            for (Scenario scenario : scenarios) {
                if (round > 1 && scenario.kind() == Scenario.Kind.BREAKING_POINT) {
                    continue;
                }
                for (String server : servers(round)) {
                    slots.add(new Slot(round, scenario, server));
                }
            }
        }
        return slots;
    }

    /** How many times {@code scenario} runs per server. */
    int repeatsOf(Scenario scenario) {
        return scenario.kind() == Scenario.Kind.BREAKING_POINT ? 1 : repeats;
    }
}
