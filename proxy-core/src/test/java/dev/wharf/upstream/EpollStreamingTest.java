package dev.wharf.upstream;

class EpollStreamingTest extends StreamingContract {
    EpollStreamingTest() {
        super(UpstreamFixture.epoll());
    }
}
