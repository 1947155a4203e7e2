package dev.harness.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.harness.load.client.Protocol;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The README's claim "HTTP mode: nginx or any web server", checked against a stock nginx: default
 * configuration but for one worker, a temporary prefix and a free loopback port, {@code GET /echo} served
 * from a 6-byte static file. nginx closes a keep-alive connection after 1,000 requests by default
 * ({@code keepalive_requests}), announcing it with {@code Connection: close}; 100 connections for long
 * enough to pass that limit must run to the end, reconnected, with no error. Without nginx the test is
 * skipped, except under {@code CI=true}, where it fails (CI installs it: {@code .ci/run}).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NginxTest {

    private static final int CONNECTIONS = 100;
    /** nginx's default {@code keepalive_requests}. */
    private static final int KEEPALIVE_REQUESTS = 1000;

    @Test
    void stockNginxRunsToTheEndWithReconnects() throws Exception {
        Path nginx = findNginx();
        Path prefix = Files.createTempDirectory("nginx-test-", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));   // the worker may run as another user
        int port = freePort();
        Process process = null;
        try {
            Files.createDirectories(prefix.resolve("html"));
            Files.writeString(prefix.resolve("html/echo"), "hello\n");
            Files.writeString(prefix.resolve("nginx.conf"), config(prefix, port));
            process = new ProcessBuilder(nginx.toString(), "-p", prefix.toString(), "-c", prefix.resolve("nginx.conf").toString())
                    .redirectErrorStream(true).redirectOutput(prefix.resolve("stdout.log").toFile()).start();
            InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            awaitListening(target, process, prefix);
            LoadResult r = LoadRunner.run(LoadConfig.builder(target).protocol(Protocol.HTTP).connections(CONNECTIONS)
                    .threads(1).duration(Duration.ofSeconds(10)).timeLimit(Duration.ofSeconds(20)).build(),
                    ProgressListener.NONE);
            Map<?, ?> connections = (Map<?, ?>) r.summary().get("connections");
            Map<?, ?> requests = (Map<?, ?>) r.summary().get("requests");
            System.out.println("NGINX " + r.humanSummary() + connections + " " + requests.get("lost_by_kind"));
            assertFalse(r.partial(), "runs to the end: " + r.stopReason());
            assertTrue(r.counters().completed > (long) CONNECTIONS * KEEPALIVE_REQUESTS,
                    "passed nginx's keep-alive limit on every connection: " + r.counters().completed);
            assertTrue(r.counters().reconnects > 0, "nginx closed connections and they were reopened");
            assertEquals(0, r.errors(), "no error: " + requests.get("errors_by_kind"));
            assertEquals(0L, connections.get("lost"), "no connection lost for good");
            Map<?, ?> lost = (Map<?, ?>) requests.get("lost_by_kind");
            assertEquals(List.of("closed", "reset", "connection_close", "protocol"), List.copyOf(lost.keySet()),
                    "lost requests counted by kind");
        } finally {
            if (process != null) {
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            }
            try (Stream<Path> files = Files.walk(prefix)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** nginx on the PATH or in /usr/sbin; none: skipped, or failed under CI. */
    private static Path findNginx() {
        Stream<String> dirs = Stream.concat(Stream.of(System.getenv().getOrDefault("PATH", "").split(":")),
                Stream.of("/usr/sbin", "/usr/local/sbin"));
        Path found = dirs.filter(d -> !d.isEmpty()).map(d -> Path.of(d, "nginx")).filter(Files::isExecutable)
                .findFirst().orElse(null);
        if (found == null) {
            String message = "nginx not found (on the PATH or in /usr/sbin): apt-get install nginx";
            if ("true".equals(System.getenv("CI"))) {
                fail(message + " (CI=true: .ci/run installs it, so its absence is a failure)");
            }
            Assumptions.abort(message);
        }
        return found;
    }

    /** Stock nginx but for one worker, the prefix's paths, the port and no access log. */
    private static String config(Path prefix, int port) {
        return """
                worker_processes 1;
                daemon off;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log;
                events { worker_connections 1024; }
                http {
                  access_log off;
                  client_body_temp_path %1$s/client_body;
                  proxy_temp_path %1$s/proxy;
                  fastcgi_temp_path %1$s/fastcgi;
                  uwsgi_temp_path %1$s/uwsgi;
                  scgi_temp_path %1$s/scgi;
                  server {
                    listen 127.0.0.1:%2$d;
                    root %1$s/html;
                  }
                }
                """.formatted(prefix, port);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void awaitListening(InetSocketAddress target, Process process, Path prefix) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail("nginx exited: " + Files.readString(prefix.resolve("stdout.log"), StandardCharsets.UTF_8)
                        + readIfExists(prefix.resolve("error.log")));
            }
            try (Socket s = new Socket()) {
                s.connect(target, 200);
                return;
            } catch (IOException e) {
                Thread.sleep(20);
            }
        }
        fail("nginx did not listen on " + target + " within 5 s: " + readIfExists(prefix.resolve("error.log")));
    }

    private static String readIfExists(Path p) throws IOException {
        return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
    }
}
