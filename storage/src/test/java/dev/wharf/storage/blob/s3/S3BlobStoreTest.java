package dev.wharf.storage.blob.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.storage.blob.BlobStore;
import dev.wharf.storage.blob.BlobStoreConformance;
import io.netty.channel.EventLoopGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The conformance suite and the S3 specifics, against one s3proxy for the class. */
class S3BlobStoreTest extends BlobStoreConformance {
    static final String BUCKET = "wharf-blobs";
    static final String PREFIX = "wharf/";

    static S3ProxyProcess s3proxy;
    static ExecutorService rawIo;
    static EventLoopGroup rawLoops;
    /** A client of its own, to look at the bucket behind the store's back. */
    static S3AsyncClient raw;

    @BeforeAll
    static void startS3proxy() throws Exception {
        s3proxy = S3ProxyProcess.start();
        rawIo = Executors.newFixedThreadPool(2);
        rawLoops = S3Clients.eventLoops();
        raw = S3Clients.create(settings(), rawLoops, rawIo);
        raw.createBucket(b -> b.bucket(BUCKET)).join();
    }

    @AfterAll
    static void stopS3proxy() {
        if (raw != null) {
            raw.close();
            rawLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            rawIo.shutdown();
        }
        if (s3proxy != null) {
            s3proxy.close();
        }
    }

    static S3Settings settings() {
        return new S3Settings(s3proxy.endpoint(), "us-east-1", BUCKET, S3ProxyProcess.ACCESS_KEY,
                S3ProxyProcess.SECRET_KEY, true, PREFIX, S3Settings.MIN_PART_SIZE);
    }

    @Override
    protected BlobStore createStore() {
        return S3BlobStore.open(settings());
    }

    /** Open multipart uploads and staging objects fail the test, and are removed either way. */
    @Override
    protected void assertNoLeftovers() {
        List<MultipartUpload> uploads = openUploads();
        List<String> staged = keysUnder(PREFIX + "tmp/");
        uploads.forEach(u -> raw.abortMultipartUpload(b -> b.bucket(BUCKET).key(u.key()).uploadId(u.uploadId())).join());
        staged.forEach(key -> raw.deleteObject(b -> b.bucket(BUCKET).key(key)).join());
        assertThat(uploads).as("multipart uploads left open").isEmpty();
        assertThat(staged).as("staging objects left").isEmpty();
    }

    static List<MultipartUpload> openUploads() {
        List<MultipartUpload> uploads = new ArrayList<>();
        raw.listMultipartUploadsPaginator(b -> b.bucket(BUCKET).prefix(PREFIX)).uploads().subscribe(uploads::add).join();
        return uploads;
    }

    static List<String> keysUnder(String prefix) {
        List<String> keys = new ArrayList<>();
        raw.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(prefix)).contents().map(S3Object::key)
                .subscribe(keys::add).join();
        return keys;
    }
}
