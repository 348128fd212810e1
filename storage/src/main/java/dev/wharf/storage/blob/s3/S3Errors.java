package dev.wharf.storage.blob.s3;

import dev.wharf.storage.Futures;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** Reads the HTTP status behind an S3 failure, through the wrappers futures add. */
final class S3Errors {
    private S3Errors() {
    }

    /** True when S3 answered 404: no such key, or no such multipart upload. */
    static boolean notFound(Throwable failure) {
        return status(failure) == 404;
    }

    /** True when S3 answered 412 to {@code If-None-Match: *}: the key exists already. */
    static boolean exists(Throwable failure) {
        return status(failure) == 412;
    }

    /** True when S3 answered 409 to a conditional write: another write to the key was in progress. */
    static boolean conflict(Throwable failure) {
        return status(failure) == 409;
    }

    private static int status(Throwable failure) {
        return Futures.unwrap(failure) instanceof AwsServiceException e ? e.statusCode() : -1;
    }
}
