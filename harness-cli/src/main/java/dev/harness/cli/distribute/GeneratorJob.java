package dev.harness.cli.distribute;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The Kubernetes Indexed Job that runs N generators of one load ({@code harness distribute --k8s}), built with
 * the API's typed model (fabric8 {@code kubernetes-model}), so that a field the API does not have cannot be
 * written. Pod {@code i} of the Job gets {@code JOB_COMPLETION_INDEX=i} from the Job controller (read here
 * through the downward API, so that the container's environment surely has it) and runs
 * {@code harness load ... --index $(JOB_COMPLETION_INDEX) --of N --start-at T}: every pod the same plan, its own
 * share. Each pod is a source address of its own; its ephemeral port range is widened with the safe sysctl
 * {@code net.ipv4.ip_local_port_range}, and the pods prefer distinct nodes.
 *
 * <p>Results: each pod writes {@code /results/gen-I}. With a claim ({@code --results-claim}, ReadWriteMany, so
 * that pods on several nodes can write it) the folders are on it; without one they are on the pod's own
 * {@code emptyDir}, and the pod stays up for {@code linger} after its load, printing the {@code kubectl cp}
 * command that fetches its folder. The pod never restarts: a generator restarted after its start instant
 * would be refused ({@code --start-at} passed), so a failure shows as a failed pod.
 *
 * @param name        the Job's name, and the label of its pods
 * @param generators  pods, one generator each
 * @param image       a container image with {@code java} (21+) and {@code sh} on its path and the harness jar
 * @param jar         where the harness jar is in the image
 * @param loadArgs    {@code harness load}'s arguments, with {@code $(JOB_COMPLETION_INDEX)} for the index
 * @param cpu         the CPU each pod requests, e.g. {@code 2}; null for none
 * @param claim       a ReadWriteMany PersistentVolumeClaim for the results; null for the pods' emptyDir
 * @param linger      without a claim, how long a pod waits after its load for {@code kubectl cp}
 */
public record GeneratorJob(String name, int generators, String image, String jar, List<String> loadArgs, String cpu,
                           String claim, Duration linger) {

    /** Where every pod writes its results; {@code gen-I} below it is generator I's folder. */
    public static final String RESULTS = "/results";
    /** The index the Job controller gives each pod, 0 to completions - 1. */
    public static final String INDEX_VARIABLE = "JOB_COMPLETION_INDEX";
    /** The pod annotation the Job controller writes the index into. */
    private static final String INDEX_ANNOTATION = "metadata.annotations['batch.kubernetes.io/job-completion-index']";
    /** The widest ephemeral port range a pod may set (the sysctl is on Kubernetes' safe list). */
    private static final String PORT_RANGE = "1024 65535";

    public GeneratorJob {
        loadArgs = List.copyOf(loadArgs);
    }

    /** The Job. */
    public Job job() {
        Map<String, String> labels = Map.of("app.kubernetes.io/name", "harness-load", "harness/load", name);
        List<Volume> volumes = new ArrayList<>();
        volumes.add(claim == null ? new VolumeBuilder().withName("results").withNewEmptyDir().endEmptyDir().build()
                : new VolumeBuilder().withName("results").withNewPersistentVolumeClaim().withClaimName(claim)
                .endPersistentVolumeClaim().build());
        return new JobBuilder()
                .withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withNewSpec()
                .withCompletionMode("Indexed").withCompletions(generators).withParallelism(generators)
                .withBackoffLimit(0)
                .withNewTemplate()
                .withNewMetadata().withLabels(labels).endMetadata()
                .withSpec(new PodSpecBuilder()
                        .withRestartPolicy("Never")
                        .withNewSecurityContext().addNewSysctl().withName("net.ipv4.ip_local_port_range")
                        .withValue(PORT_RANGE).endSysctl().endSecurityContext()
                        .withNewAffinity().withNewPodAntiAffinity().addNewPreferredDuringSchedulingIgnoredDuringExecution()
                        .withWeight(100).withNewPodAffinityTerm().withTopologyKey("kubernetes.io/hostname")
                        .withNewLabelSelector().withMatchLabels(Map.of("harness/load", name)).endLabelSelector()
                        .endPodAffinityTerm().endPreferredDuringSchedulingIgnoredDuringExecution().endPodAntiAffinity()
                        .endAffinity()
                        .withContainers(container())
                        .withVolumes(volumes)
                        .build())
                .endTemplate()
                .endSpec()
                .build();
    }

    private Container container() {
        ContainerBuilder container = new ContainerBuilder()
                .withName("generator")
                .withImage(image)
                .withCommand("sh", "-c", script())
                .withEnv(new EnvVarBuilder().withName(INDEX_VARIABLE).withNewValueFrom().withNewFieldRef()
                        .withFieldPath(INDEX_ANNOTATION).endFieldRef().endValueFrom().build())
                .addNewVolumeMount().withName("results").withMountPath(RESULTS).endVolumeMount();
        if (cpu != null) {
            container.withNewResources().addToRequests("cpu", new Quantity(cpu)).endResources();
        }
        return container.build();
    }

    /**
     * The pod's shell script: the load, then (without a claim) the {@code kubectl cp} line and the wait for it;
     * it exits with the load's code. The load's arguments are single-quoted, the index expanded by the shell.
     */
    String script() {
        StringBuilder line = new StringBuilder("java -jar ").append(quote(jar)).append(" load");
        for (String arg : loadArgs) {
            line.append(' ').append(arg.contains("$" + INDEX_VARIABLE) ? '"' + arg + '"' : quote(arg));
        }
        line.append("; code=$?");
        if (claim == null) {
            line.append("; echo \"results: kubectl cp $HOSTNAME:").append(RESULTS).append("/gen-$").append(INDEX_VARIABLE)
                    .append(" gen-$").append(INDEX_VARIABLE).append(" (for ").append(linger.toSeconds())
                    .append(" s)\"; sleep ").append(linger.toSeconds());
        }
        return line.append("; exit $code").toString();
    }

    private static String quote(String word) {
        return "'" + word.replace("'", "'\"'\"'") + "'";
    }

    /** The Job as YAML, for {@code kubectl apply -f}. */
    public String yaml() {
        ObjectMapper yaml = YAMLMapper.builder().build();
        return yaml.writeValueAsString(job());
    }
}
