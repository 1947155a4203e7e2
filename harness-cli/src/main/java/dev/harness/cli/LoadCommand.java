package dev.harness.cli;

import dev.harness.cli.measure.ServerReport;
import dev.harness.cli.options.Args;
import dev.harness.cli.options.LoadOptions;
import dev.harness.load.LoadException;
import dev.harness.load.LoadResult;
import dev.harness.load.LoadRunner;
import dev.harness.load.ProgressListener;
import dev.harness.transport.MemTransport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * {@code harness load}: drives one server with the load generator and writes {@code summary.json} and
 * {@code histograms.hlog} into {@code --out}. Over {@code --transport tcp} (the default) the server is any
 * process at {@code --target}; over {@code --transport mem} it is the model {@code --server NAME}, started in
 * this JVM and shut down after the run ({@link InProcessLoad}), and the summary adds its costs per thread
 * group. Exit 0 when the run completed, 1 when it stopped early (Ctrl-C, target dead, time limit: the files
 * are still written, marked partial), 2 on misuse or when the plan cannot run here (preflight) or the
 * target cannot be reached, {@link LoadOptions#EXIT_OVERLOADED} when it completed overloaded.
 */
final class LoadCommand implements Command {

    private final PrintStream out;
    private final PrintStream err;
    private final boolean installShutdownHook;

    LoadCommand(PrintStream out, PrintStream err) {
        this(out, err, true);
    }

    LoadCommand(PrintStream out, PrintStream err, boolean installShutdownHook) {
        this.out = out;
        this.err = err;
        this.installShutdownHook = installShutdownHook;
    }

    @Override
    public String name() {
        return "load";
    }

    @Override
    public String summary() {
        return "drive a server (ours, nginx, any HTTP/1.1 or ACT-frame server) in open or closed loop";
    }

    @Override
    public String footer() {
        return """

                Closed loop (no --rate): every connection keeps --inflight requests outstanding; latency is
                service time and the summary says "closed loop". Open loop (--rate R): requests leave on a fixed
                schedule and latency counts from the INTENDED send time, including any wait for a free
                connection, so a stalled server shows as latency, not as fewer samples (no coordinated omission).
                Every request intended in the window is counted: one never answered (dropped, unfinished, timed
                out, failed, connection lost) enters latency at its censored latency, the end of the drain minus
                its intended time, so latency_us.count == requests.intended and a tail with censored values is a
                lower bound (latency_us.lower_bound; answered_latency_us holds the answered requests only).
                Throughput counts the answers that arrived inside the window. The run is "overloaded" when more
                than 0.1 % of the intended requests went unanswered, or (open loop) the generator was saturated.
                Exit codes: 0 ok, 1 stopped early (partial), 2 misuse or target unreachable, 3 overloaded (the
                reasons are printed; the files are written).
                Results: OUT/summary.json and OUT/histograms.hlog (tags latency, censored, service, lag,
                connect, own_lag; ns),
                written atomically; a run stopped early (Ctrl-C, target dead, time limit) still writes both,
                marked "partial": true, and exits 1. Progress on stderr once a second unless --quiet.

                --transport mem --server NAME starts that server model in this JVM over in-memory pipes (no
                sockets, no file descriptors: past the open-files limit), drives it and shuts it down; the
                summary's "server" object then holds its costs per thread group (server threads, the
                generator's load-io-*, the JVM's own). --hold D holds every connection idle for D once all are
                open and reads the server's heap (after a full GC, less the transport's own share) and RSS per
                connection and its threads before the first request. Size the heap for the connections
                (harness run --transport mem does: 1 GiB + 3 KiB per connection).

                Many generators, one load: give each the same options (--connections and --rate are the whole
                load's), its own --index I of --of N, and one --start-at instant later than connecting takes.
                Each opens its share of the connections and of the --source-address list, and sends its lanes of
                the one open-loop schedule, which counts from that instant; --clock-server HOST:PORT records the
                machine's clock offset (SNTP) beside it. harness merge then adds their histograms into one result.

                examples:
                  harness load --target 127.0.0.1:8080 --protocol http --threads 1 --connections 100 --duration 10s
                  harness load --target 127.0.0.1:9000 --rate 10000 --arrival poisson --duration 30s --out run1
                  harness load --target 127.0.0.1:9000 --workload work --cpu-us 50 --wait-us 1000 --inflight 16
                  harness load --target 127.0.0.1:9000 --connections 10000 --connector async --duration 5s
                  harness load --target 10.0.0.5:9000 --connections 50000 --source-address 10.0.0.2,10.0.0.3
                  harness load --transport mem --server proactor-act --connections 100000 --hold 2s --rate 20000 --duration 6s
                  harness load --target 10.0.0.5:9000 --connections 40000 --rate 40000 --index 1 --of 4 --start-at 2026-12-05T09:30:00Z
                  harness load --transport mem --server sync-threads --loops 2 --max-connections 5000 --connections 6000
                """;
    }

    @Override
    public Options options() {
        return LoadOptions.options();
    }

    @Override
    public int run(CommandLine line) throws Exception {
        LoadOptions options = LoadOptions.parse(line, Args.commandLine(name(), line));
        return options.inProcess() != null ? runInProcess(options) : runOverTcp(options);
    }

    private int runOverTcp(LoadOptions options) throws InterruptedException {
        LoadRunner runner = new LoadRunner(options.config(), progress(options));
        return runWithHook(runner::stop, () -> {
            try {
                return new Ran(runner.run(), null);
            } catch (LoadException e) {
                err.println("harness load: " + e.getMessage());
                return null;
            }
        }, options.out());
    }

    private ProgressListener progress(LoadOptions options) {
        return options.quiet() ? ProgressListener.NONE : p -> err.println(p.line());
    }

    /** {@code --transport mem}: the server model in this JVM, driven, then shut down. */
    private int runInProcess(LoadOptions options) throws InterruptedException {
        LoadOptions.InProcess in = options.inProcess();
        InProcessLoad load;
        MemTransport.setLinkDelay(in.linkDelay());
        try {
            load = InProcessLoad.start(in.model(), in.server(), in.hold(), progress(options));
        } catch (IOException e) {
            err.println("harness load: cannot start " + in.model().name() + " over mem: " + e.getMessage());
            return 2;
        }
        try (load) {    // the server goes down after the results are written
            return runWithHook(load::stop, () -> {
                try {
                    InProcessLoad.Outcome outcome = load.run(options::against);
                    return new Ran(outcome.result(), outcome.server());
                } catch (IOException e) {
                    err.println("harness load: cannot measure the mem transport's baseline: " + e.getMessage());
                    return null;
                } catch (LoadException e) {
                    err.println("harness load: " + e.getMessage());
                    return null;
                }
            }, options.out());
        }
    }

    /**
     * What a load produced: the generator's result and, over mem, the server's report its summary adds.
     *
     * @param server null over tcp
     */
    private record Ran(LoadResult result, ServerReport.OverMem server) {

        Map<String, Object> summary() {
            Map<String, Object> summary = result.summary();
            if (server != null) {
                summary.put("server", server.toJson());
            }
            return summary;
        }
    }

    /** Runs a load; null when it could not run, its reason already printed. */
    private interface Body {
        Ran run() throws InterruptedException;
    }

    /**
     * Runs {@code body} under a shutdown hook that calls {@code stop} (Ctrl-C) and lets the partial files be
     * written, then writes them and prints the summary.
     */
    private int runWithHook(Runnable stop, Body body, Path dir) throws InterruptedException {
        CountDownLatch written = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.run();
            try {
                written.await();        // let the run write its partial files before the JVM goes
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.flush();
            err.flush();
            Runtime.getRuntime().halt(1);   // stopped early: partial, exit 1 (not the signal's 130)
        }, "load-shutdown");
        if (installShutdownHook) {
            Runtime.getRuntime().addShutdownHook(hook);
        }
        try {
            Ran ran = body.run();
            if (ran == null) {
                return 2;
            }
            LoadResult result = ran.result();
            try {
                result.writeTo(dir, ran.summary());
            } catch (IOException e) {
                err.println("harness load: cannot write results to " + dir + ": " + e.getMessage());
                return 2;
            }
            out.print(result.humanSummary());
            if (ran.server() != null) {
                out.print(InProcessLoad.humanSummary(ran.server()));
            }
            out.println("  results in " + dir.resolve(LoadResult.SUMMARY_FILE) + " and " + dir.resolve(LoadResult.LOG_FILE));
            out.flush();
            return result.partial() ? 1 : result.status().overloaded() ? LoadOptions.EXIT_OVERLOADED : 0;
        } finally {
            written.countDown();
            if (installShutdownHook) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException ignored) {
                    // the JVM is already shutting down: the hook is running and waits for us
                }
            }
        }
    }
}
