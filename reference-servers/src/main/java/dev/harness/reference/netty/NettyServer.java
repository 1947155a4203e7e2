package dev.harness.reference.netty;

import dev.harness.reference.ReferenceServers;
import dev.harness.server.Server;
import dev.harness.server.ServerConfig;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Netty 4.2 as its users write it: one {@link MultiThreadIoEventLoopGroup} of {@code --loops} NIO loops
 * ({@code netty-loop-N}) that accepts and serves, an {@link HttpServerCodec} and one handler
 * ({@link NettyHttpHandler}) per connection. The same shape as proactor-act: no acceptor thread, no thread
 * per connection, a wait is a timer on the connection's loop, CPU work runs on the loop.
 */
public final class NettyServer implements Server {

    private final EventLoopGroup loops;
    private final Channel listener;
    private final ChannelGroup connections;

    private NettyServer(EventLoopGroup loops, Channel listener, ChannelGroup connections) {
        this.loops = loops;
        this.listener = listener;
        this.connections = connections;
    }

    /** Binds {@code config}'s address and returns once the listener accepts. */
    public static NettyServer start(ServerConfig config) throws IOException {
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(config.resolvedEventLoops(),
                new DefaultThreadFactory("netty-loop"), NioIoHandler.newFactory());
        ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(loops)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, ReferenceServers.BACKLOG)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        connections.add(channel);
                        channel.pipeline().addLast(new HttpServerCodec(), new NettyHttpHandler(config.limits()));
                    }
                });
        try {
            Channel listener = bootstrap.bind(config.host(), config.port()).sync().channel();
            return new NettyServer(loops, listener, connections);
        } catch (InterruptedException e) {
            loops.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while binding " + config.host() + ":" + config.port(), e);
        } catch (RuntimeException e) {
            loops.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw new IOException("cannot bind " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public InetSocketAddress address() {
        return (InetSocketAddress) listener.localAddress();
    }

    @Override
    public int openConnections() {
        return connections.size();
    }

    /** Netty's buffers come from its own pooled allocator, which does not say how many a connection holds. */
    @Override
    public long readBuffersLent() {
        throw new UnsupportedOperationException("netty is a reference server: its allocator does not count buffers per connection");
    }

    /** A reference server keeps its own output buffers and budget (none is enforced by the harness). */
    @Override
    public long heldOutputBytes() {
        throw new UnsupportedOperationException("netty is a reference server: it does not count the output it holds");
    }

    @Override
    public boolean shutdown(Duration grace) throws InterruptedException {
        listener.close().sync();
        boolean clean = connections.newCloseFuture().await(grace.toMillis()) || connections.isEmpty();
        connections.close().await();
        loops.shutdownGracefully(0, 0, TimeUnit.SECONDS).await();
        return clean;
    }
}
