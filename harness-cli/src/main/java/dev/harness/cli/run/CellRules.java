package dev.harness.cli.run;

import dev.harness.cli.measure.IdleMemory;
import dev.harness.cli.options.LoadOptions;
import dev.harness.load.LoadResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a cell is ok, partial or failed, and why: every rule that judges a cell, over tcp and over mem.
 *
 * <ul>
 *   <li>A cell fails when its server (tcp) or its JVM (mem) died, was refused a thread, overran its time, or
 *       exited with an error; an idle-connections cell also fails when a connection was not opened, held,
 *       used or answered ({@link #idleProblems}). A failed cell carries its classified {@link FailureCause}
 *       and the connection count where it failed.
 *   <li>A cell that did not fail is partial when its load stopped early or, over tcp, a load cell's window
 *       was not read.
 *   <li>A cell that is neither is overloaded when its scenario judges overload ({@link Scenario#judgesOverload()})
 *       and its load's {@code status} says overloaded ({@link #overloaded}): a result, not a failure.
 *   <li>Otherwise it is ok.
 * </ul>
 */
final class CellRules {

    /**
     * The busy share of the machine's cores over a window above which a cell's figures measure the shortage of
     * cores rather than the server: the generator's own saturation threshold, applied to the whole machine.
     */
    static final double MACHINE_BUSY = LoadResult.CPU_SATURATION;

    private static final Pattern THREAD_FAILURE = Pattern.compile("cannot start a thread for connection (\\d+)");

    private CellRules() {
    }

    /** A cell that failed before its load ran: {@code lines} is what the failing process wrote. */
    static Verdict failed(String reason, List<String> lines, int atConnections) {
        return Verdict.failed(reason, atConnections, FailureCause.classify(reason, lines, null, false));
    }

    /**
     * A tcp cell whose load ran against {@code process}.
     *
     * @param problems      what the cell did not do that it must ({@link #idleProblems}); empty for a load cell
     * @param windowMissing true when the cell needs its window's costs and they were not read
     */
    static Verdict overTcp(ServerProcess process, LoadResult result, List<String> problems, boolean windowMissing) {
        boolean died = !process.alive() || threadFailure(process) != null;
        if (died || !problems.isEmpty()) {
            String reason = died ? failureReason(process, null) : String.join("; ", problems);
            return Verdict.failed(reason, threadFailureAt(process.stderrLines(), result.connectionsOpened()),
                    FailureCause.classify(reason, process.stderrLines(), null, false));
        }
        if (result.partial() || windowMissing) {
            return Verdict.partial(result.stopReason() != null ? result.stopReason() : "the measurement window did not complete");
        }
        return Verdict.OK;
    }

    /**
     * A mem cell whose JVM wrote its summary.
     *
     * @param limit    the time the cell JVM had
     * @param problems what the cell did not do that it must ({@link #idleProblems}); empty for a load cell
     * @param stopped  true when the run was interrupted: then problems only show how far it got
     */
    static Verdict overMem(CellProcess.Exit exit, Duration limit, LoadFigures figures, List<String> problems, boolean stopped) {
        String threadLine = FailureCause.threadFailure(exit.lines());
        boolean exitedWithError = exit.exitCode() != null && exit.exitCode() > 1
                && exit.exitCode() != LoadOptions.EXIT_OVERLOADED;   // overloaded is a result, judged below
        if (exit.timedOut() || threadLine != null || exitedWithError || (!problems.isEmpty() && !stopped)) {
            String reason = exit.timedOut() ? "killed after " + limit.toSeconds() + " s without finishing"
                    : threadLine != null ? threadLine
                    : exitedWithError ? "the cell's JVM exited with code " + exit.exitCode() + ": " + exit.lastLine()
                    : String.join("; ", problems);
            int opened = figures.opened() == null ? 0 : figures.opened().intValue();
            return Verdict.failed(reason, threadFailureAt(exit.lines(), opened),
                    FailureCause.classify(reason, exit.lines(), exit.exitCode(), exit.timedOut()));
        }
        if (figures.partial()) {
            return Verdict.partial(figures.stopReason() == null ? "stopped early" : figures.stopReason());
        }
        return Verdict.OK;
    }

    /**
     * The last rule: {@code verdict} when it is not ok or {@code scenario} does not judge overload; else overloaded
     * when the load's {@code status} says so or the machine was over 90 % busy ({@link #machineBusy}), with the
     * reasons.
     */
    static Verdict overloaded(Verdict verdict, Scenario scenario, LoadFigures figures) {
        String machineBusy = machineBusy(figures);
        if (!verdict.ok() || !scenario.judgesOverload() || !figures.overloaded() && machineBusy == null) {
            return verdict;
        }
        List<String> reasons = new ArrayList<>(figures.statusReasons());
        if (machineBusy != null) {
            reasons.add(machineBusy);
        }
        return Verdict.overloaded(reasons.isEmpty() ? "overloaded" : String.join("; ", reasons));
    }

    /** A mem cell whose JVM wrote no summary: it failed, unless the run was interrupted. */
    static Verdict noSummary(CellProcess.Exit exit, Duration limit, boolean stopped) {
        if (stopped) {
            return Verdict.partial("interrupted");
        }
        String reason = exit.timedOut() ? "no result within " + limit.toSeconds() + " s: killed; last line: " + exit.lastLine()
                : "the cell's JVM exited with code " + exit.exitCode() + ": " + exit.lastLine();
        return Verdict.failed(reason, threadFailureAt(exit.lines(), 0),
                FailureCause.classify(reason, exit.lines(), exit.exitCode(), exit.timedOut()));
    }

    /**
     * Why an idle-connections cell did not do what it must — every connection opened and held by the server,
     * every one carrying a request, every request answered (unless {@code lateAnswersFail} is false: then
     * only a request that failed or timed out counts) — or an empty list.
     *
     * @param memory what the server held, or null when it was not read
     */
    static List<String> idleProblems(LoadFigures figures, IdleMemory memory, int requested, boolean lateAnswersFail) {
        List<String> problems = new ArrayList<>();
        Double opened = figures.opened();
        Double used = figures.used();
        Double closed = figures.closedByPeer();
        Double refused = figures.refused();
        Double errors = figures.errors();
        Double timeouts = figures.timeouts();
        Double completed = figures.completed();
        if (opened == null || opened < requested) {
            problems.add(String.format("only %,.0f of %,d connections opened", opened == null ? 0 : opened, requested));
        }
        if (memory == null) {
            problems.add("the server's memory was not read while the connections were held");
        } else if (opened != null && memory.connectionsHeld() < opened) {
            problems.add(String.format("the server held %,.0f of the %,.0f connections open", (double) memory.connectionsHeld(),
                    opened));
        }
        if (refused != null && refused > 0) {
            problems.add(String.format("%,.0f connects were refused by the server (ERROR under act 0: over its"
                    + " --max-connections, or a header it would not take; a reconnect refused again counts again)",
                    refused));
        }
        Double reconnects = figures.reconnects();
        if (closed != null && closed > 0) {
            if (reconnects == null) {
                problems.add(String.format("%,.0f connections were closed by the server", closed));
            } else if (closed > reconnects) {
                problems.add(String.format("%,.0f connections were closed by the server for good (%,.0f closes in all,"
                        + " the others reconnected)", closed - reconnects, closed));
            } else {
                problems.add(String.format("the server closed connections %,.0f times; the generator reconnected them"
                        + " (%,.0f reconnects), but the server did not hold them", closed, reconnects));
            }
        }
        if ((errors != null && errors > 0) || (timeouts != null && timeouts > 0)) {
            problems.add(String.format("%,.0f requests failed and %,.0f timed out", errors == null ? 0 : errors,
                    timeouts == null ? 0 : timeouts));
        }
        Double unfinished = figures.unfinished();
        if (completed == null || completed == 0) {
            problems.add("no request was answered");
        } else if (lateAnswersFail && unfinished != null && unfinished > 0) {
            problems.add(String.format("%,.0f requests were still unanswered when the run ended (answered: %,.0f)",
                    unfinished, completed));
        }
        if (used == null || opened == null || used < opened) {
            problems.add(String.format("%,.0f of %,.0f connections carried no request",
                    (opened == null ? 0 : opened) - (used == null ? 0 : used), opened == null ? 0 : opened));
        }
        return problems;
    }

    /**
     * Why a cell's machine was too busy to measure the server alone — server, generator and everything else on
     * it over {@link #MACHINE_BUSY} of its cores in the window — or null when it was not, or was not read.
     */
    static String machineBusy(LoadFigures figures) {
        Double busy = figures.machineCpuBusy();
        if (busy == null || busy <= MACHINE_BUSY) {
            return null;
        }
        return String.format(java.util.Locale.ROOT, "the machine's %s cores were %.1f%% busy in the window (over %.0f%%):"
                        + " server, generator and anything else on the machine competed for cores, so throughput ranks"
                        + " them together; compare costs at a fixed rate (echo-cost) or pin them apart (--cpus)",
                figures.machineCores() == null ? "?" : String.format(java.util.Locale.ROOT, "%.0f", figures.machineCores()),
                100 * busy, 100 * MACHINE_BUSY);
    }

    /** Why a tcp server failed: the OS refusing it a thread, its death, else {@code fallback} or its state. */
    static String failureReason(ServerProcess process, String fallback) {
        String threads = threadFailure(process);
        if (threads != null) {
            return threads;
        }
        if (!process.alive()) {
            return "the server died: " + process.reason();
        }
        return fallback != null ? fallback : process.reason();
    }

    private static String threadFailure(ServerProcess process) {
        String reason = process.reason();
        return reason.startsWith("cannot create more threads") ? reason : null;
    }

    /** The connection a thread server could not start a thread for, from its output; else {@code fallback}. */
    private static int threadFailureAt(List<String> lines, int fallback) {
        for (String line : lines) {
            Matcher m = THREAD_FAILURE.matcher(line);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        return fallback;
    }
}
