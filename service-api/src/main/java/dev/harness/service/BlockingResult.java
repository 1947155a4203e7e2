package dev.harness.service;

import java.util.concurrent.Callable;

/**
 * How a blocking call made through {@link Session#blocking} ended: its value, or the exception it threw
 * (or the server's refusal to run it, when its pool of blocking threads is full).
 *
 * @param value   what the call returned; null when it failed
 * @param failure what it threw; null when it returned
 * @param <T>     the call's value
 */
public record BlockingResult<T>(T value, Exception failure) {

    public static <T> BlockingResult<T> returned(T value) {
        return new BlockingResult<>(value, null);
    }

    public static <T> BlockingResult<T> failed(Exception failure) {
        return new BlockingResult<>(null, failure);
    }

    /** Whether the call returned. */
    public boolean ok() {
        return failure == null;
    }

    /** Runs {@code call} here, on the calling thread, and says how it ended. */
    public static <T> BlockingResult<T> of(Callable<T> call) {
        try {
            return returned(call.call());
        } catch (Exception e) {
            return failed(e);
        }
    }
}
