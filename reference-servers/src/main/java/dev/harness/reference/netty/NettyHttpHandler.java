package dev.harness.reference.netty;

import dev.harness.reference.WorkQuery;
import dev.harness.service.Limits;
import dev.harness.service.WorkService;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /echo} and {@code GET /work} in Netty's idiom: answers written in {@code channelRead} and flushed
 * once per read batch in {@code channelReadComplete} (a pipelined batch is one {@code write} call); a WORK
 * wait is a task scheduled on the connection's own event loop, whose answer is written and flushed when it
 * fires. Requests carry no body here, so the codec's content parts are dropped.
 */
final class NettyHttpHandler extends SimpleChannelInboundHandler<HttpObject> {

    private static final ByteBuf HELLO = Unpooled.unreleasableBuffer(
            Unpooled.directBuffer().writeBytes("hello\n".getBytes(StandardCharsets.US_ASCII)).asReadOnly());

    private final Limits limits;

    NettyHttpHandler(Limits limits) {
        this.limits = limits;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject message) {
        if (!(message instanceof HttpRequest request)) {
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (!request.method().equals(HttpMethod.GET)) {
            write(ctx, text(HttpResponseStatus.METHOD_NOT_ALLOWED, "only GET is served\n"), keepAlive, false);
            return;
        }
        String uri = request.uri();
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        switch (path) {
            case "/echo" -> write(ctx, answer(HttpResponseStatus.OK, HELLO.duplicate()), keepAlive, false);
            case "/work" -> work(ctx, q < 0 ? null : uri.substring(q + 1), keepAlive);
            default -> write(ctx, text(HttpResponseStatus.NOT_FOUND, "no such path; try /echo, /work\n"), keepAlive, false);
        }
    }

    private void work(ChannelHandlerContext ctx, String query, boolean keepAlive) {
        WorkQuery work;
        try {
            work = WorkQuery.parse(query, limits);
        } catch (WorkQuery.BadQuery e) {
            write(ctx, text(HttpResponseStatus.BAD_REQUEST, e.getMessage() + "\n"), keepAlive, false);
            return;
        }
        WorkService.burnCpu(work.cpuMicros());
        FullHttpResponse response = answer(HttpResponseStatus.OK, Unpooled.wrappedBuffer(new byte[work.replyBytes()]));
        if (work.waitMicros() == 0) {
            write(ctx, response, keepAlive, false);
        } else {
            ctx.executor().schedule(() -> write(ctx, response, keepAlive, true), work.waitMicros(), TimeUnit.MICROSECONDS);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    private static FullHttpResponse answer(HttpResponseStatus status, ByteBuf body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        return response;
    }

    private static FullHttpResponse text(HttpResponseStatus status, String body) {
        return answer(status, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    }

    private static void write(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive, boolean flush) {
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        } else if (flush) {
            ctx.writeAndFlush(response);
        } else {
            ctx.write(response);
        }
    }
}
