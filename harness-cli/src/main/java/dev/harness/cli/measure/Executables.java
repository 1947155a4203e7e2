package dev.harness.cli.measure;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether an optional tool the harness runs ({@code perf}, {@code taskset}) is installed: found executable in a
 * folder of {@code PATH}, as the process builder will look for it. One directory lookup per folder.
 */
public final class Executables {

    private Executables() {
    }

    /** Whether {@code name} is an executable file in a folder of {@code PATH}. */
    public static boolean onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return true;
            }
        }
        return false;
    }
}
