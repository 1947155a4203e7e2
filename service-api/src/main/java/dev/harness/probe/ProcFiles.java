package dev.harness.probe;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reading small Linux {@code /proc} files correctly. Not {@link Files#readString}: a {@code /proc/sys} file
 * reports size 0, and on some kernels (6.18 here) that method then returns only its first byte.
 */
public final class ProcFiles {

    /** A figure that could not be read (not Linux, or no such file). */
    public static final long UNKNOWN = -1;
    /** A limit set to {@code unlimited}. */
    public static final long UNLIMITED = Long.MAX_VALUE;

    private ProcFiles() {
    }

    /** The whole file. */
    public static String text(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    /** The number a file such as {@code /proc/sys/kernel/pid_max} holds, or {@link #UNKNOWN}. */
    public static long number(Path file) {
        try {
            return Long.parseLong(text(file).trim());
        } catch (IOException | RuntimeException e) {
            return UNKNOWN;
        }
    }

    /**
     * The soft limit named {@code name} in {@code /proc/self/limits} (e.g. {@code Max open files},
     * {@code Max processes}): a number, {@link #UNLIMITED} or {@link #UNKNOWN}.
     */
    public static long softLimit(String name) {
        try {
            for (String line : text(Path.of("/proc/self/limits")).split("\n")) {
                if (line.startsWith(name)) {
                    String soft = line.substring(name.length()).trim().split("\\s+")[0];
                    return soft.equals("unlimited") ? UNLIMITED : Long.parseLong(soft);
                }
            }
        } catch (IOException | RuntimeException e) {
            return UNKNOWN;
        }
        return UNKNOWN;
    }
}
