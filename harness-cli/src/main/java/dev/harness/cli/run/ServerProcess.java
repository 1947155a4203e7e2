package dev.harness.cli.run;

import dev.harness.cli.options.ServerOptions;
import dev.harness.server.LoopBlocking;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A server under test in a JVM of its own, started through {@code harness serve} with the JVM flags every
 * server gets, so that its context switches, CPU time, RSS and threads read from {@code /proc/PID} belong
 * to it alone.
 *
 * <p>It is ready when it prints {@code listening on HOST:PORT}. Its stderr is kept (the last
 * {@value OutputTail#KEPT_LINES} lines) so that a failure — a crash, {@code unable to create native thread} —
 * can be reported with its reason. Its stdin stays open for queries ({@link #loopBlocking()}).
 * {@link #close()} sends SIGTERM, waits for the graceful shutdown, then kills.
 */
public final class ServerProcess implements AutoCloseable {

    /** The query {@code harness serve} answers on stdout with its loops' blocked time. */
    static final String LOOP_BLOCKING_QUERY = "loop-blocking";
    private static final String LOOP_BLOCKING_ANSWER = LOOP_BLOCKING_QUERY + " ";

    /** How long a query on the server's stdin may take to be answered. */
    private static final long QUERY_TIMEOUT_SECONDS = 5;

    private final String server;
    private final Process process;
    private OutputTail stderr;
    private final InetSocketAddress address;
    private final BlockingQueue<String> answers;

    private ServerProcess(String server, Process process, InetSocketAddress address, BlockingQueue<String> answers) {
        this.server = server;
        this.process = process;
        this.address = address;
        this.answers = answers;
    }

    /**
     * Starts {@code harness serve --server SERVER --port 0 EXTRA...} in a new JVM, on the server's cores of
     * {@code cpus}, and waits until it listens.
     *
     * @throws IOException naming the reason (its stderr) when it exits or does not listen in time
     */
    public static ServerProcess start(String java, List<String> jvmFlags, String server, List<String> serveArgs,
                                      CpuPinning cpus, Duration startTimeout) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("serve"));
        args.addAll(ServerOptions.SERVER.words(server));
        args.addAll(ServerOptions.HOST.words("127.0.0.1"));
        args.addAll(ServerOptions.PORT.words(0));
        args.addAll(serveArgs);
        List<String> command = new ArrayList<>(cpus.serverPrefix());
        command.addAll(harnessCommand(java, jvmFlags, args));
        Process process = new ProcessBuilder(command).start();
        CompletableFuture<String> listening = new CompletableFuture<>();
        BlockingQueue<String> answers = new LinkedBlockingQueue<>();
        Thread.ofPlatform().daemon(true).name("server-stdout-" + server).start(() -> {
            try (BufferedReader out = reader(process.getInputStream())) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("listening on ")) {
                        listening.complete(line.substring("listening on ".length()));
                    } else if (line.startsWith(LOOP_BLOCKING_ANSWER)) {
                        answers.add(line.substring(LOOP_BLOCKING_ANSWER.length()));
                    }
                }
            } catch (IOException ignored) {
                // the process went away; the exit is noticed below
            }
            listening.complete(null);
        });
        String hostPort;
        try {
            hostPort = listening.get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            hostPort = null;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException(e.getCause());
        }
        InetSocketAddress address = hostPort == null ? null
                : new InetSocketAddress(hostPort.substring(0, hostPort.lastIndexOf(':')),
                        Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1)));
        ServerProcess started = new ServerProcess(server, process, address, answers);
        started.keepStderr();
        if (address == null) {
            started.close();
            throw new IOException(server + " did not start within " + startTimeout.toSeconds() + " s: "
                    + started.reason());
        }
        return started;
    }

    /**
     * {@code java FLAGS -cp CLASSPATH dev.harness.cli.Main ARGS}: the harness in a new JVM, from the class
     * path this one runs on (the harness jar, or the build's classes in tests).
     */
    static List<String> harnessCommand(String java, List<String> jvmFlags, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmFlags);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("dev.harness.cli.Main");
        command.addAll(args);
        return command;
    }

    private void keepStderr() {
        stderr = OutputTail.start(process.getErrorStream(), "server-stderr-" + server, line -> { });
    }

    /**
     * How long each of the server's event loops has been blocked so far, asked on its stdin
     * ({@code loop-blocking}); null when it does not answer within {@value #QUERY_TIMEOUT_SECONDS} s (gone).
     */
    public synchronized List<LoopBlocking> loopBlocking() throws InterruptedException {
        answers.clear();
        try {
            OutputStream in = process.getOutputStream();
            in.write((LOOP_BLOCKING_QUERY + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException gone) {
            return null;
        }
        String line = answers.poll(QUERY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        return line == null ? null : LoopBlocking.parse(line);
    }

    /** The last lines the server wrote on stderr, oldest first. */
    List<String> stderrLines() {
        return stderr.lines();
    }

    private static BufferedReader reader(java.io.InputStream stream) {
        return new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
    }

    public long pid() {
        return process.pid();
    }

    public InetSocketAddress address() {
        return address;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /**
     * Why the server failed, as well as can be told: the OS refusing threads, a crash with its exit code,
     * or the last line it wrote.
     */
    public String reason() {
        List<String> lines = stderr.lines();
        for (String line : lines) {
            if (line.contains("unable to create native thread") || line.contains("cannot start a thread")
                    || line.contains("EAGAIN")) {
                return "cannot create more threads: " + line.strip();
            }
        }
        for (String line : lines) {
            if (line.contains("OutOfMemoryError")) {
                return line.strip();
            }
        }
        String last = lines.isEmpty() ? "" : ": " + lines.get(lines.size() - 1).strip();
        return process.isAlive() ? "running" + last : "exited with code " + process.exitValue() + last;
    }

    /** SIGTERM, up to 10 s for the graceful shutdown, then SIGKILL. */
    @Override
    public void close() throws InterruptedException {
        stop(process);
    }

    /** Stops a harness JVM: SIGTERM, up to 10 s for it to finish (a graceful shutdown, partial files), then SIGKILL. */
    static void stop(Process process) throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
