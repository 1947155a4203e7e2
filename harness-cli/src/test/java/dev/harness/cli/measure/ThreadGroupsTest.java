package dev.harness.cli.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.cli.measure.ThreadGroups.Group;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ThreadGroupsTest {

    @Test
    void namesAsTheOsShowsThemGoToTheirGroup() {
        for (String name : List.of("acceptor", "timeouts", "conn-12345", "proactor-0", "blocking-19", "ForkJoinPool-1-", "VirtualThread-u")) {
            assertEquals(Group.SERVER, ThreadGroups.groupOf(name), name);
        }
        for (String name : List.of("load-io-0", "load-io-17", "connector", "load-log")) {
            assertEquals(Group.GENERATOR, ThreadGroups.groupOf(name), name);
        }
        for (String name : List.of("java", "main", "GC Thread#0", "C2 CompilerThre", "ForkJoinPool.co", "Common-Cleaner")) {
            assertEquals(Group.JVM, ThreadGroups.groupOf(name), name + ": the common pool is not a virtual-thread carrier");
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void countsLiveThreadsPerGroupAndTheirCosts() throws InterruptedException {
        ThreadGroups before = ThreadGroups.read();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(3);
        List<Thread> threads = List.of(
                Thread.ofPlatform().name("proactor-9").start(() -> park(started, release)),
                Thread.ofPlatform().name("load-io-9").start(() -> park(started, release)),
                Thread.ofPlatform().name("load-log").start(() -> park(started, release)));
        try {
            started.await();
            ThreadGroups during = ThreadGroups.read();
            assertEquals(before.get(Group.SERVER).threads() + 1, during.get(Group.SERVER).threads());
            assertEquals(before.get(Group.GENERATOR).threads() + 2, during.get(Group.GENERATOR).threads());
            Map<String, Object> json = during.since(before, 10).toJson();
            assertEquals(List.of("server", "generator", "jvm"), List.copyOf(json.keySet()));
            @SuppressWarnings("unchecked")
            Map<String, Object> generator = (Map<String, Object>) json.get("generator");
            assertTrue(((Number) generator.get("ctx_switches")).longValue() >= 0, json.toString());
            assertTrue(generator.containsKey("cpu_us_per_request"), json.toString());
        } finally {
            release.countDown();
            for (Thread t : threads) {
                t.join();
            }
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aThreadThatEndsBetweenTwoReadingsTakesItsCountsWithItInsteadOfMakingTheGroupNegative()
            throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        Thread connector = Thread.ofPlatform().name("connector").start(() -> {
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
            while (System.nanoTime() < until) {
                Thread.onSpinWait(); // CPU time that the first reading sees and the second cannot
            }
            park(started, release);
        });
        started.await();
        ThreadGroups before = ThreadGroups.read();
        release.countDown();
        connector.join();
        @SuppressWarnings("unchecked")
        Map<String, Object> generator = (Map<String, Object>) ThreadGroups.read().since(before, 10).toJson().get("generator");
        assertTrue(((Number) generator.get("cpu_ms")).doubleValue() >= 0, generator.toString());
        assertTrue(((Number) generator.get("ctx_switches")).longValue() >= 0, generator.toString());
    }

    private static void park(CountDownLatch started, CountDownLatch release) {
        started.countDown();
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
