package dev.harness.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.conformance.ActFrames;
import dev.harness.server.Server;
import dev.harness.server.ServerConfig;
import dev.harness.server.ServerFactories;
import dev.harness.server.ServerFactory;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Shutdown and faults, with the CLI in a JVM of its own: SIGTERM to {@code harness serve} lets a request in
 * flight finish and exits 0; a target that dies in the middle of {@code harness load}, or Ctrl-C (SIGINT)
 * to it, still writes both result files, marked partial, and exits 1.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SignalsTest {

    /** Our servers: the reference servers do not speak the ACT frames these tests send. */
    static Stream<String> servers() {
        return ServerFactories.all().stream().filter(f -> !f.reference()).map(ServerFactory::name);
    }

    /** {@code harness ARGS} in a JVM of its own, its stderr going to {@code errFile}. */
    static Process harnessProcess(Path errFile, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(errFile.toFile()).start();
    }

    /** Reads the child's {@code listening on HOST:PORT} line; stderr is drained on a thread of its own. */
    private static InetSocketAddress listeningAddress(Process child) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line = lines.readLine();
        assertTrue(line != null && line.startsWith("listening on 127.0.0.1:"), "harness serve said: " + line);
        return new InetSocketAddress("127.0.0.1", Integer.parseInt(line.substring(line.lastIndexOf(':') + 1)));
    }

    private static Thread drain(InputStream in, StringBuffer into) {
        Thread t = Thread.ofPlatform().daemon(true).name("drain").start(() -> {
            try {
                into.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // the child is gone
            }
        });
        return t;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void sigtermLetsTheRequestInFlightFinishAndExits0(String server, @TempDir Path dir) throws Exception {
        Path errFile = dir.resolve("stderr.txt");
        Process child = harnessProcess(errFile, "serve", "--server", server, "--port", "0", "--grace", "10s");
        try {
            InetSocketAddress address = listeningAddress(child);
            try (Socket socket = new Socket()) {
                socket.connect(address, 10_000);
                socket.setSoTimeout(20_000);
                // an ECHO, then a WORK that waits 500 ms: once the echo is back, the WORK is being served
                byte[] echo = ActFrames.echo(1, "first".getBytes(StandardCharsets.US_ASCII));
                ByteArrayOutputStream both = new ByteArrayOutputStream();
                both.writeBytes(echo);
                both.writeBytes(ActFrames.work(2, 0, 500_000, 8));
                socket.getOutputStream().write(both.toByteArray());
                assertArrayEquals(echo, socket.getInputStream().readNBytes(echo.length), "the echo");

                child.destroy(); // SIGTERM

                byte[] answer = socket.getInputStream().readNBytes(16 + 8);
                assertEquals(24, answer.length, "the WORK in flight is answered after SIGTERM");
                ActFrames.Frame work = ActFrames.parse(answer).get(0);
                assertEquals(20, work.length(), "length");
                assertEquals(2L, work.act(), "act");
                assertEquals(2, work.op(), "op");
                assertEquals(0, work.status(), "status OK");
                assertEquals(-1, socket.getInputStream().read(), "then the server closes the connection");
            }
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "harness serve did not exit after SIGTERM");
            String stderr = Files.readString(errFile);
            assertEquals(0, child.exitValue(), "exit code after SIGTERM; stderr: " + stderr);
            assertTrue(stderr.contains("harness serve: stopped " + server), "stderr: " + stderr);
            try (Socket s = new Socket()) {
                assertThrows(IOException.class, () -> s.connect(address, 2_000), "a stopped server still accepts");
            }
        } finally {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void assertPartialResults(Path dir) throws IOException {
        Path summary = dir.resolve("summary.json");
        assertTrue(Files.exists(summary), "summary.json written");
        assertTrue(Files.readString(summary).contains("\"partial\": true"), Files.readString(summary));
        assertTrue(Files.exists(dir.resolve("histograms.hlog")), "histograms.hlog written");
        assertTrue(Files.size(dir.resolve("histograms.hlog")) > 0, "histograms.hlog not empty");
    }

    @Test
    void theTargetDyingInTheMiddleOfALoadWritesPartialResultsAndExits1(@TempDir Path dir) throws Exception {
        Path results = dir.resolve("results");
        Process target = harnessProcess(dir.resolve("serve-stderr.txt"), "serve", "--server", "virtual-threads", "--port", "0");
        try {
            InetSocketAddress address = listeningAddress(target);
            Thread killer = Thread.ofPlatform().name("killer").start(() -> {
                try {
                    Thread.sleep(1_500);
                } catch (InterruptedException e) {
                    return;
                }
                target.destroyForcibly(); // SIGKILL: the target dies, no goodbye
            });
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                    .run(new String[] {"load", "--target", "127.0.0.1:" + address.getPort(), "--connections", "4",
                            "--duration", "30s", "--warmup", "0s", "--out", results.toString(), "--quiet"});
            killer.join();
            assertEquals(1, code, "exit code when the target dies; stderr: " + err);
            assertPartialResults(results);
        } finally {
            target.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void ctrlCInTheMiddleOfALoadWritesPartialResultsAndExits1(@TempDir Path dir) throws Exception {
        try (Server server = ServerFactories.byName("virtual-threads").start(ServerConfig.loopback())) {
            Path errFile = dir.resolve("load-stderr.txt");
            Process load = harnessProcess(errFile, "load", "--target", "127.0.0.1:" + server.address().getPort(),
                    "--connections", "4", "--duration", "30s", "--warmup", "0s", "--out", dir.resolve("results").toString());
            StringBuffer stdout = new StringBuffer();
            drain(load.getInputStream(), stdout);
            try {
                // wait for the first progress line on stderr: the run is under way
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!Files.exists(errFile) || Files.readString(errFile).isEmpty()) {
                    assertTrue(System.nanoTime() < deadline && load.isAlive(), "harness load printed no progress");
                    Thread.sleep(50);
                }
                // the shell's own kill: ProcessHandle sends only TERM and KILL, and /bin/kill is not on every image
                Process kill = new ProcessBuilder("/bin/sh", "-c", "kill -INT " + load.pid()).inheritIO().start();
                assertTrue(kill.waitFor(5, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -INT " + load.pid() + " failed");
                assertTrue(load.waitFor(30, TimeUnit.SECONDS), "harness load did not exit after SIGINT");
                assertEquals(1, load.exitValue(), "exit code after Ctrl-C; stdout: " + stdout + "; stderr: " + Files.readString(errFile));
                assertPartialResults(dir.resolve("results"));
            } finally {
                load.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
