package dev.wharf.upstream;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;

class EpollStreamingTest extends StreamingContract {
    @Override
    EventLoopGroup newGroup() {
        assumeTrue(Epoll.isAvailable(), "epoll is not available here");
        return new MultiThreadIoEventLoopGroup(2, EpollIoHandler.newFactory());
    }

    @Override
    Class<? extends SocketChannel> channelType() {
        return EpollSocketChannel.class;
    }
}
