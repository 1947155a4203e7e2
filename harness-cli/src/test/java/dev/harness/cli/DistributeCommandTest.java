package dev.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.cli.options.LoadOptions;
import dev.harness.load.LoadConfig;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.cli.DefaultParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code harness distribute --k8s} writes an Indexed Job that reads back into the Kubernetes API's typed model,
 * and whose pods run loads that are the shares of the one asked for: the load arguments in the pod's script
 * parse, for every index, as {@code harness load} options whose shares add up to the whole load.
 */
class DistributeCommandTest {

    private static final String START = "2026-12-05T10:00:00Z";

    @Test
    void writesAnIndexedJobWhosePodsRunTheSharesOfOneLoad(@TempDir Path dir) throws Exception {
        MisuseTest.Outcome o = MisuseTest.harness("distribute", "--k8s", "--generators", "4", "--image", "example/harness:1",
                "--target", "10.0.0.5:9000", "--connections", "100001", "--rate", "40000", "--threads", "2",
                "--duration", "60s", "--start-at", START, "--cpu", "2", "--out", dir.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("kubectl apply -f"), o.out());
        Job job = YAMLMapper.builder().build().readValue(Files.readString(dir.resolve("generators.yaml")), Job.class);
        assertEquals("batch/v1", job.getApiVersion());
        assertEquals("Job", job.getKind());
        assertEquals("Indexed", job.getSpec().getCompletionMode());
        assertEquals(4, job.getSpec().getCompletions());
        assertEquals(4, job.getSpec().getParallelism());
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        assertEquals("Never", pod.getRestartPolicy());
        Container container = pod.getContainers().getFirst();
        assertEquals("example/harness:1", container.getImage());
        assertEquals("JOB_COMPLETION_INDEX", container.getEnv().getFirst().getName());
        assertEquals("2", container.getResources().getRequests().get("cpu").toString());
        String script = container.getCommand().get(2);
        int connections = 0;
        for (int index = 0; index < 4; index++) {
            LoadConfig share = parse(script, index);
            assertEquals(index, share.share().index());
            assertEquals(4, share.share().of());
            assertEquals(Instant.parse(START), share.startAt());
            assertEquals(40000, share.rate(), "every pod gets the whole rate and takes its lanes of it");
            connections += share.ownConnections();
        }
        assertEquals(100001, connections, "the pods' shares add up to every connection");
        assertTrue(script.contains("kubectl cp $HOSTNAME:/results/gen-$JOB_COMPLETION_INDEX"), script);
    }

    @Test
    void refusesAnIndexOfItsOwn() {
        MisuseTest.Outcome o = MisuseTest.harness("distribute", "--k8s", "--generators", "2", "--image", "x",
                "--target", "10.0.0.5:9000", "--index", "1");
        assertEquals(2, o.code());
        assertTrue(o.err().contains("index"), o.err());
    }

    /** The load the pod with {@code index} runs: the words between {@code load} and {@code ; code=}, as its shell splits them. */
    private static LoadConfig parse(String script, int index) throws Exception {
        String command = script.substring(script.indexOf(" load ") + 6, script.indexOf("; code=$?"));
        List<String> words = new ArrayList<>();
        Matcher word = Pattern.compile("'([^']*)'|\"([^\"]*)\"").matcher(command);
        while (word.find()) {
            words.add(word.group(1) != null ? word.group(1)
                    : word.group(2).replace("$JOB_COMPLETION_INDEX", String.valueOf(index)));
        }
        return LoadOptions.parse(new DefaultParser().parse(LoadOptions.options(), words.toArray(String[]::new)),
                words).config();
    }
}
