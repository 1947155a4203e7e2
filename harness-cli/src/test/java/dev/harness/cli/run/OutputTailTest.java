package dev.harness.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class OutputTailTest {

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void keepsTheTailAndTheLineThatToldTheCauseLongAfterIt() throws InterruptedException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            text.append(i == 5 ? "cannot start a thread for connection 28423 over mem: java.lang.OutOfMemoryError:"
                    + " unable to create native thread" : "[measure] progress " + i).append('\n');
        }
        List<String> forwarded = new ArrayList<>();
        OutputTail tail = OutputTail.start(new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)),
                "test-output", forwarded::add);
        tail.awaitEnd(Duration.ofSeconds(5));
        List<String> lines = tail.lines();
        assertEquals(1000, forwarded.size(), "every line is forwarded");
        assertEquals(OutputTail.KEPT_LINES + 1, lines.size());
        assertTrue(lines.get(0).startsWith("cannot start a thread for connection 28423"), lines.get(0));
        assertEquals("[measure] progress 999", lines.get(lines.size() - 1));
        assertEquals(FailureCause.Kind.THREAD_LIMIT, FailureCause.classify("the server held 28,422", lines, 0, false).kind());
    }
}
