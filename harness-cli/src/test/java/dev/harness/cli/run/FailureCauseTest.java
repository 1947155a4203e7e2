package dev.harness.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.cli.run.FailureCause.Kind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FailureCauseTest {

    @Test
    void aRefusedThreadNamesTheLimitsThatApply() {
        FailureCause cause = FailureCause.classify("the server held 30,000 of the 32,000 connections open", List.of(
                "[0.3s] 31000 connections open",
                "cannot start a thread for connection 30215: java.lang.OutOfMemoryError: unable to create native thread:"
                        + " possibly out of memory or process/resource limits reached"), 0, false);
        assertEquals(Kind.THREAD_LIMIT, cause.kind());
        assertTrue(cause.detail().startsWith("cannot start a thread for connection 30215"), cause.detail());
        assertTrue(cause.limits().containsKey("kernel.pid_max") && cause.limits().containsKey("ulimit -u"), cause.limits().toString());
        assertTrue(cause.detail().contains("kernel.pid_max " + cause.limits().get("kernel.pid_max")), cause.detail());
        // the kernel allows no pid_max below 301: a smaller number is a misread /proc/sys file
        assertTrue(cause.limits().get("kernel.pid_max") > 300, "read whole, not its first byte: " + cause.limits());
        Map<String, Object> json = cause.toJson();
        assertEquals("thread-limit", json.get("kind"));
        assertTrue(json.containsKey("limits"));
    }

    @Test
    void eachCauseIsToldByWhatTheProcessSaid() {
        assertEquals(Kind.OPEN_FILES, FailureCause.classify("cannot open 24000 connections: the open-files limit is 20000"
                + " (ulimit -n)", List.of(), 2, false).kind());
        assertEquals(Kind.OUT_OF_MEMORY, FailureCause.classify("exited", List.of("Exception in thread \"load-io-0\""
                + " java.lang.OutOfMemoryError: Java heap space"), 1, false).kind());
        assertEquals(Kind.OUT_OF_MEMORY, FailureCause.classify("exited with code 137", List.of(), 137, false).kind(),
                "SIGKILL we did not send: the OOM killer");
        assertEquals(Kind.TIMED_OUT, FailureCause.classify("killed after 90 s", List.of(), null, true).kind());
        assertEquals(Kind.REFUSED, FailureCause.classify("12 connections were refused by the server (ERROR under act 0)",
                List.of(), 0, false).kind());
        assertEquals(Kind.CRASHED, FailureCause.classify("exited with code 134", List.of("# A fatal error"), 134, false).kind());
        assertEquals(Kind.OTHER, FailureCause.classify("3 of 10 connections carried no request", List.of(), 0, false).kind());
    }

    @Test
    void aThreadServersOwnLineWinsOverTheJvmsEarlierWarning() {
        String server = "cannot start a thread for connection 32407 over mem: java.lang.OutOfMemoryError: unable to"
                + " create native thread: possibly out of memory or process/resource limits reached; likely cause:"
                + " kernel.pid_max: every thread takes a pid, and the machine has 32530 of 32768";
        List<String> lines = List.of(
                "[18.133s][warning][os,thread] Failed to start thread \"Unknown thread\" - pthread_create failed (EAGAIN)",
                server);
        assertEquals(server, FailureCause.threadFailure(lines));
    }
}
