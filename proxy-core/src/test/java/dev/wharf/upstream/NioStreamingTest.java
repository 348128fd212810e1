package dev.wharf.upstream;

class NioStreamingTest extends StreamingContract {
    NioStreamingTest() {
        super(UpstreamFixture.nio());
    }
}
