package dev.harness.proactor.prototype;

import dev.harness.protocol.Inbound;
import dev.harness.protocol.OutBuffer;
import dev.harness.protocol.WireCodec;
import dev.harness.service.BuiltinServices;
import dev.harness.service.Completion;
import dev.harness.service.ErrorCode;
import dev.harness.service.Limits;
import dev.harness.service.Reply;
import dev.harness.service.Request;
import dev.harness.service.Session;
import dev.harness.service.Status;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousChannelGroup;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The alternative that the Proactor's design was measured against: the same codecs and
 * {@link BuiltinServices} on NIO.2 asynchronous channels — an {@link AsynchronousChannelGroup} of N
 * threads ({@code nio2-0}, ...), on Linux the JDK's own Proactor emulation over epoll, which hands each
 * ready channel to a pool thread. One read or write outstanding per connection; enough for ECHO (WORK
 * and RELAY are answered ERROR: this program exists to measure GET /echo only).
 *
 * <p>Run it (from the repository root, after {@code mvn -q -DskipTests package} and
 * {@code mvn -q -pl impl-proactor-act -am test-compile}):
 *
 * <pre>
 * java -cp service-api/target/classes:impl-proactor-act/target/test-classes \
 *     dev.harness.proactor.prototype.Nio2EchoPrototype PORT 2 &amp;
 * wrk -t1 -c100 -d10s http://127.0.0.1:PORT/echo
 * </pre>
 *
 * and compare with {@code java -jar harness-cli/target/harness.jar serve --server proactor-act --port PORT
 * --loops 2} measured the same way, alternating; {@code impl-proactor-act/scripts/nio2-vs-selector.sh} does
 * exactly that. The figures are in the module README.
 */
public final class Nio2EchoPrototype {

    private static final Limits LIMITS = Limits.defaults();

    private Nio2EchoPrototype() {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
        AtomicInteger threadIds = new AtomicInteger();
        AsynchronousChannelGroup group = AsynchronousChannelGroup.withFixedThreadPool(threads,
                r -> Thread.ofPlatform().name("nio2-" + threadIds.getAndIncrement()).daemon(true).unstarted(r));
        AsynchronousServerSocketChannel listener = AsynchronousServerSocketChannel.open(group)
                .bind(new InetSocketAddress("127.0.0.1", port), 4096);
        listener.accept(null, new CompletionHandler<AsynchronousSocketChannel, Void>() {
            @Override
            public void completed(AsynchronousSocketChannel channel, Void attachment) {
                listener.accept(null, this);
                try {
                    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                } catch (IOException ignored) {
                    // a socket that cannot take options fails on its first read
                }
                new Connection(channel).read();
            }

            @Override
            public void failed(Throwable e, Void attachment) {
                if (listener.isOpen()) {
                    listener.accept(null, this);
                }
            }
        });
        System.out.println("listening on 127.0.0.1:" + ((InetSocketAddress) listener.getLocalAddress()).getPort());
        System.out.flush();
        new CountDownLatch(1).await();
    }

    /** One connection: read, decode, answer, write, read again; the NIO.2 completion handler is itself. */
    private static final class Connection implements CompletionHandler<Integer, Boolean>, Session, Inbound {
        private final AsynchronousSocketChannel channel;
        private final ByteBuffer in = ByteBuffer.allocateDirect(16 * 1024);
        private final OutBuffer out = new OutBuffer(512);
        private WireCodec codec;
        private ByteBuffer view;

        Connection(AsynchronousSocketChannel channel) {
            this.channel = channel;
        }

        void read() {
            channel.read(in, Boolean.TRUE, this);
        }

        /** attachment TRUE: a read completed; FALSE: a write completed (the attachment is the ACT). */
        @Override
        public void completed(Integer n, Boolean isRead) {
            if (isRead) {
                if (n < 0) {
                    close();
                    return;
                }
                if (codec == null) {
                    codec = WireCodec.detect(in.get(0), LIMITS);
                    if (codec == null) {
                        close();
                        return;
                    }
                }
                in.flip();
                int need = codec.decode(in, this, out);
                in.compact();
                if (need == WireCodec.STOP_READING || need > in.capacity()) {
                    close();
                    return;
                }
            } else {
                out.consumed(view);
                view = null;
            }
            if (!out.isEmpty()) {
                view = out.readView();
                channel.write(view, Boolean.FALSE, this);
            } else {
                read();
            }
        }

        @Override
        public void failed(Throwable e, Boolean isRead) {
            close();
        }

        private void close() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // already broken
            }
        }

        @Override
        public void onRequest(Request request) {
            BuiltinServices.INSTANCE.handle(this, request);
        }

        @Override
        public void reply(Request request, Status status, ByteBuffer payload) {
            codec.reply(request, status, payload, out);
        }

        @Override
        public void fail(Request request, ErrorCode code, String message) {
            codec.fail(request, code, message, out);
        }

        @Override
        public void await(long nanos, Runnable then) {
            throw new UnsupportedOperationException("the NIO.2 prototype measures ECHO only");
        }

        @Override
        public void call(byte op, ByteBuffer payload, Completion<Reply> then) {
            then.completed(new Reply(Status.ERROR, ErrorCode.UNAVAILABLE, ByteBuffer.allocate(0), true));
        }

        @Override
        public Limits limits() {
            return LIMITS;
        }
    }
}
