package dev.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every misuse of every command — unknown option, bad duration, bad number, port in use, unreachable
 * target, unknown command — exits 2 with exactly one line on stderr that names the command. (No JDK 21+:
 * {@link LauncherScriptTest}.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MisuseTest {

    record Outcome(int code, String out, String err) {
    }

    /** A port this test holds open (port in use) and one it opened and closed (nothing listens). */
    private ServerSocket held;
    private int closedPort;

    @BeforeAll
    void ports() throws IOException {
        held = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
    }

    @AfterAll
    void release() throws IOException {
        held.close();
    }

    static Outcome harness(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(args);
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"serve", "load", "run", "compare", "report"})
    void everyCommandPrintsItsHelp(String command) {
        Outcome o = harness(command, "--help");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("harness " + command), o.out());
    }

    Stream<Arguments> misuses() {
        String held = "127.0.0.1:" + this.held.getLocalPort();
        String closed = "127.0.0.1:" + closedPort;
        List<Arguments> all = new ArrayList<>();
        // serve
        all.add(Arguments.of("report", "missing operand", List.of("report"), "RESULTS_DIR"));
        all.add(Arguments.of("report", "not a folder", List.of("report", "/nonexistent/run"), "/nonexistent/run"));
        all.add(Arguments.of("report", "not a run folder", List.of("report", System.getProperty("java.io.tmpdir")), "meta.json"));
        all.add(Arguments.of("serve", "unknown option", List.of("serve", "--server", "sync-threads", "--bogus"), "bogus"));
        all.add(Arguments.of("serve", "bad duration", List.of("serve", "--server", "sync-threads", "--port", "0", "--grace", "5x"), "--grace"));
        all.add(Arguments.of("serve", "bad header timeout", List.of("serve", "--server", "sync-threads", "--port", "0", "--header-timeout", "soon"), "--header-timeout"));
        all.add(Arguments.of("serve", "bad idle timeout", List.of("serve", "--server", "sync-threads", "--port", "0", "--idle-timeout", "-1s"), "--idle-timeout"));
        all.add(Arguments.of("serve", "bad number", List.of("serve", "--server", "sync-threads", "--port", "eighty"), "--port"));
        all.add(Arguments.of("serve", "bad max connections", List.of("serve", "--server", "sync-threads", "--port", "0", "--max-connections", "0"), "--max-connections"));
        all.add(Arguments.of("serve", "unknown server", List.of("serve", "--server", "no-such-model"), "no-such-model"));
        all.add(Arguments.of("serve", "missing option", List.of("serve"), "server"));
        all.add(Arguments.of("serve", "port in use", List.of("serve", "--server", "sync-threads", "--port", String.valueOf(this.held.getLocalPort())), "port"));
        all.add(Arguments.of("serve", "stray argument", List.of("serve", "--server", "sync-threads", "extra"), "extra"));
        all.add(Arguments.of("serve", "mem transport", List.of("serve", "--server", "proactor-act", "--transport", "mem"),
                "harness load --transport mem --server proactor-act"));
        all.add(Arguments.of("serve", "unknown transport", List.of("serve", "--server", "proactor-act", "--transport", "udp"),
                "--transport takes tcp or mem, got 'udp'"));
        all.add(Arguments.of("serve", "handler class missing", List.of("serve", "--server", "sync-threads", "--port", "0",
                "--handler", "com.example.NoSuchHandler"), "no such class"));
        all.add(Arguments.of("serve", "handler not a ServiceHandler", List.of("serve", "--server", "sync-threads", "--port", "0",
                "--handler", "java.lang.StringBuilder"), "is not a dev.harness.service.ServiceHandler"));
        all.add(Arguments.of("serve", "handler without a public no-arg constructor", List.of("serve", "--server", "proactor-act",
                "--port", "0", "--handler", "dev.harness.service.BuiltinServices"), "no public no-arg constructor"));
        all.add(Arguments.of("serve", "handler jar missing", List.of("serve", "--server", "sync-threads", "--port", "0",
                "--handler", "com.example.H", "--handler-jar", "/nonexistent/handler.jar"), "no such file"));
        all.add(Arguments.of("serve", "handler jar without a class", List.of("serve", "--server", "sync-threads", "--port", "0",
                "--handler-jar", "/nonexistent/handler.jar"), "--handler-jar needs --handler CLASS"));
        all.add(Arguments.of("serve", "reference server with a downstream", List.of("serve", "--server", "netty", "--port", "0",
                "--downstream", held), "reference server"));
        all.add(Arguments.of("serve", "reference server with a handler", List.of("serve", "--server", "jdk-http", "--port", "0",
                "--handler", "dev.harness.service.BlockingCallServices"), "jdk-http is a reference server: it runs its own HTTP handlers"));
        // load
        all.add(Arguments.of("load", "mem with a missing handler", List.of("load", "--transport", "mem", "--server", "proactor-act",
                "--handler", "com.example.NoSuchHandler"), "no such class"));
        all.add(Arguments.of("load", "handler over tcp", List.of("load", "--target", held, "--handler",
                "dev.harness.service.BlockingCallServices"), "needs --transport mem"));
        all.add(Arguments.of("load", "reference server over mem", List.of("load", "--transport", "mem", "--server", "helidon"),
                "helidon is a reference server"));
        all.add(Arguments.of("load", "unknown option", List.of("load", "--target", held, "--bogus"), "bogus"));
        all.add(Arguments.of("load", "bad duration", List.of("load", "--target", held, "--duration", "ten"), "--duration"));
        all.add(Arguments.of("load", "bad number", List.of("load", "--target", held, "--connections", "x"), "--connections"));
        all.add(Arguments.of("load", "missing option", List.of("load"), "target"));
        all.add(Arguments.of("load", "unreachable target", List.of("load", "--target", closed, "--connections", "1", "--quiet"), "cannot connect"));
        all.add(Arguments.of("load", "unknown transport", List.of("load", "--target", held, "--transport", "quic"), "--transport takes tcp or mem"));
        all.add(Arguments.of("load", "mem without a server", List.of("load", "--transport", "mem"), "needs --server NAME"));
        all.add(Arguments.of("load", "mem with a target", List.of("load", "--transport", "mem", "--server", "proactor-act",
                "--target", held), "--target is for --transport tcp"));
        all.add(Arguments.of("load", "mem with source addresses", List.of("load", "--transport", "mem", "--server", "proactor-act",
                "--source-address", "127.0.0.2"), "--source-address is for --transport tcp"));
        all.add(Arguments.of("load", "mem with an unknown server", List.of("load", "--transport", "mem", "--server", "nope"), "unknown server 'nope'"));
        all.add(Arguments.of("load", "server option over tcp", List.of("load", "--target", held, "--server", "proactor-act"),
                "--server configures a server started in this JVM and needs --transport mem"));
        all.add(Arguments.of("load", "hold over tcp", List.of("load", "--target", held, "--hold", "2s"), "needs --transport mem"));
        all.add(Arguments.of("load", "link delay over tcp", List.of("load", "--target", held, "--link-delay", "2ms"),
                "needs --transport mem"));
        all.add(Arguments.of("load", "bad start instant", List.of("load", "--target", held, "--start-at", "9:30"),
                "--start-at takes an ISO-8601 instant"));
        all.add(Arguments.of("load", "index beyond the generators", List.of("load", "--target", held, "--index", "2", "--of", "2"),
                "--index must be from 0 to --of minus 1 (1), got 2"));
        all.add(Arguments.of("load", "start instant passed", List.of("load", "--target", held, "--connections", "1",
                "--start-at", "2020-01-01T00:00:00Z", "--quiet"), "(--start-at) passed"));
        // merge
        all.add(Arguments.of("merge", "one folder", List.of("merge", "."), "missing DIR..."));
        all.add(Arguments.of("merge", "not results", List.of("merge", ".", ".."), "holds no summary.json"));
        // run
        all.add(Arguments.of("run", "unknown option", List.of("run", "--bogus"), "bogus"));
        all.add(Arguments.of("run", "bad duration", List.of("run", "--duration", "ten"), "--duration"));
        all.add(Arguments.of("run", "bad number", List.of("run", "--connections", "many"), "--connections"));
        all.add(Arguments.of("run", "option without its value", List.of("run", "--duration"), "duration"));
        all.add(Arguments.of("run", "unknown transport", List.of("run", "--transport", "ipc"), "--transport takes tcp or mem, got 'ipc'"));
        all.add(Arguments.of("run", "mem with source addresses", List.of("run", "--transport", "mem", "--source-address", "127.0.0.2"),
                "--source-address is for --transport tcp"));
        all.add(Arguments.of("run", "bad source address", List.of("run", "--source-address", "no-such-host.invalid"), "--source-address"));
        all.add(Arguments.of("run", "unknown server option", List.of("run", "--server-args", "--bogus 1"), "--server-args"));
        all.add(Arguments.of("run", "server option the run sets", List.of("run", "--server-args", "--port 80"), "cannot set --port"));
        all.add(Arguments.of("run", "bad server option value", List.of("run", "--server-args", "--loops many"), "--loops"));
        all.add(Arguments.of("run", "cpus over mem", List.of("run", "--transport", "mem", "--cpus", "server=0,generator=1"),
                "--cpus is for --transport tcp"));
        all.add(Arguments.of("run", "cpus of an unknown side", List.of("run", "--cpus", "client=0"), "--cpus names server and generator"));
        all.add(Arguments.of("run", "cpus beyond the machine", List.of("run", "--cpus", "server=4096"), "core 4096 does not exist"));
        all.add(Arguments.of("run", "handler class missing", List.of("run", "--handler", "com.example.NoSuchHandler"),
                "no such class"));
        all.add(Arguments.of("run", "server option mem lacks", List.of("run", "--transport", "mem", "--server-args",
                "--max-payload-bytes 10"), "not available over --transport mem"));
        all.add(Arguments.of("run", "link delay over tcp", List.of("run", "--link-delay", "2ms"),
                "--link-delay is for --transport mem"));
        all.add(Arguments.of("run", "a downstream over mem", List.of("run", "--transport", "mem", "--scenarios", "relay"),
                "runs over --transport tcp only"));
        all.add(Arguments.of("run", "reference server with ACT frames", List.of("run", "--servers", "netty,proactor-act",
                "--scenarios", "echo,http-echo"), "echo sends ACT frames"));
        all.add(Arguments.of("run", "reference server over mem", List.of("run", "--transport", "mem", "--servers", "jdk-http"),
                "serve HTTP over tcp only"));
        all.add(Arguments.of("run", "reference server with a handler", List.of("run", "--servers", "netty,proactor-act",
                "--scenarios", "http-echo", "--handler", "dev.harness.service.BlockingCallServices"),
                "netty: reference servers run their own HTTP handlers"));
        all.add(Arguments.of("run", "reference server with a handler in its options", List.of("run", "--profile", "peers",
                "--server-args", "--handler dev.harness.service.BlockingCallServices"), "reference servers run their own HTTP handlers"));
        all.add(Arguments.of("run", "unknown profile", List.of("run", "--profile", "everything"), "quick, full, ci or peers"));
        return all.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("misuses")
    void misuseExits2WithOneLine(String command, String what, List<String> args, String fragment) {
        Outcome o = harness(args.toArray(String[]::new));
        assertEquals(2, o.code(), String.join(" ", args) + " -> " + o.err());
        assertEquals(1, o.err().lines().count(), "exactly one line on stderr for " + String.join(" ", args) + ":\n" + o.err());
        assertTrue(o.err().startsWith("harness " + command + ": "), o.err());
        assertTrue(o.err().contains(fragment), "names '" + fragment + "': " + o.err());
    }

    @Test
    void unknownCommandExits2WithOneLine() {
        Outcome o = harness("serv", "--server", "sync-threads");
        assertEquals(2, o.code());
        assertEquals(1, o.err().lines().count(), o.err());
        assertTrue(o.err().contains("unknown command 'serv'") && o.err().contains("harness --help"), o.err());
    }

}
