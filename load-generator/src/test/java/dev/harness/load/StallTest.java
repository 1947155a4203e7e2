package dev.harness.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Coordinated omission, caught: an open-loop run while the server process is paused (SIGSTOP) for one
 * second must report a p99 latency near that second, not the milliseconds a generator with coordinated
 * omission (one that times from the actual send, or stops sending while the server stalls) reports.
 *
 * <p>The bound. The measured window is D = 6 s at a constant rate; the stall lasts S = 1 s inside it.
 * A request intended at time t inside the stall cannot be answered before the stall ends, so its latency
 * is at least (stall end − t): over the stall's requests these latencies spread evenly from 0 to S.
 * The share of all measured requests with latency ≥ x is therefore at least (S − x) / D, and p99 ≥ x as
 * long as (S − x) / D ≥ 1 %, i.e. x ≤ S − 0.01 D = 1 − 0.06 = 0.94 s. We assert p99 ≥ 0.6 s, which
 * still holds if the pause is effectively only 0.66 s long (signals and scheduling on a busy 2-core CI
 * machine), and max ≥ 0.6 s. Rate 2,000/s rather than 10,000/s so that the 2-core CI machine, which
 * also runs the server, keeps up; the bound does not depend on the rate.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class StallTest {

    @Test
    void aPausedServerShowsAsLatencyInOpenLoop() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                StallServerMain.class.getName()).redirectErrorStream(true).start();
        String pid = Long.toString(child.pid());
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line = lines.readLine();
            assertTrue(line != null && line.startsWith("listening on 127.0.0.1:"), "server said: " + line);
            int port = Integer.parseInt(line.substring(line.lastIndexOf(':') + 1));

            LoadConfig config = LoadConfig.builder(new InetSocketAddress("127.0.0.1", port))
                    .rate(2000).connections(50).threads(1).warmup(Duration.ofSeconds(1))
                    .duration(Duration.ofSeconds(6)).timeout(Duration.ofSeconds(10)).build();
            Thread staller = new Thread(() -> {
                try {
                    Thread.sleep(3_000);                     // 1 s warmup + 2 s into the measured window
                    signal("STOP", pid);
                    Thread.sleep(1_000);
                } catch (Exception e) {
                    // fall through to SIGCONT
                } finally {
                    signal("CONT", pid);
                }
            }, "staller");
            staller.start();
            LoadResult r = LoadRunner.run(config, ProgressListener.NONE);
            staller.join();

            double p99Seconds = r.intendedLatency().getValueAtPercentile(99) / 1e9;
            double maxSeconds = r.intendedLatency().getMaxValue() / 1e9;
            System.out.printf("stall test: p99 %.3f s, max %.3f s, service p99 %.3f s, completed %d, dropped %d%n",
                    p99Seconds, maxSeconds, r.serviceTime().getValueAtPercentile(99) / 1e9, r.counters().completed,
                    r.counters().dropped);
            assertFalse(r.partial(), "stop reason " + r.stopReason());
            assertEquals(0, r.errors());
            assertTrue(r.counters().completed > 6_000, "completed " + r.counters().completed);
            assertTrue(p99Seconds >= 0.6, "p99 " + p99Seconds + " s: the stall must show as latency");
            assertTrue(maxSeconds >= 0.6, "max " + maxSeconds + " s");
        } finally {
            signal("CONT", pid);
            child.getOutputStream().close();
            if (!child.waitFor(5, TimeUnit.SECONDS)) {
                child.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private static void signal(String signal, String pid) {
        try {
            // the shell's own kill: ProcessHandle sends only TERM and KILL, and /bin/kill is not on every image
            Process kill = new ProcessBuilder(List.of("/bin/sh", "-c", "kill -" + signal + " " + pid)).inheritIO().start();
            if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " did not succeed");
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("kill -" + signal + " " + pid + " failed", e);
        }
    }
}
