package dev.harness.transport;

import java.io.Closeable;
import java.io.IOException;

/**
 * Closing what is being given up anyway: a channel whose peer is gone, a listener at shutdown, a
 * connection refused. The failure of such a close says nothing that the caller could act on.
 */
public final class Closeables {

    private Closeables() {
    }

    /** Closes {@code closeable}, if not null, and ignores an {@link IOException}. */
    public static void closeQuietly(Closeable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (IOException ignored) {
            // given up anyway: nothing more to release
        }
    }
}
