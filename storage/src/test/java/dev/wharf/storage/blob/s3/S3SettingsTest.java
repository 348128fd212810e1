package dev.wharf.storage.blob.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class S3SettingsTest {
    private static final URI ENDPOINT = URI.create("https://s3.example.com");

    @Test
    void awsDefaultsToTheSdkChainsNoPrefixAndSixteenMibParts() {
        S3Settings settings = S3Settings.aws("artifacts");

        assertThat(settings.endpoint()).isNull();
        assertThat(settings.region()).isNull();
        assertThat(settings.accessKey()).isNull();
        assertThat(settings.prefix()).isEmpty();
        assertThat(settings.partSize()).isEqualTo(16 << 20).isEqualTo(S3Settings.DEFAULT_PART_SIZE);
    }

    @Test
    void aPrefixEndsWithASlash() {
        assertThat(S3Settings.aws("b").withPrefix("wharf").prefix()).isEqualTo("wharf/");
        assertThat(S3Settings.aws("b").withPrefix("wharf/").prefix()).isEqualTo("wharf/");
        assertThat(S3Settings.aws("b").withPrefix(null).prefix()).isEmpty();
        assertThatThrownBy(() -> S3Settings.aws("b").withPrefix("/wharf"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected: no leading /");
    }

    @Test
    void partsLieBetweenTheS3MinimumAndOneGib() {
        assertThat(S3Settings.aws("b").withPartSize(5 << 20).partSize()).isEqualTo(S3Settings.MIN_PART_SIZE);
        assertThat(S3Settings.aws("b").withPartSize(1 << 30).partSize()).isEqualTo(S3Settings.MAX_PART_SIZE);
        assertThatThrownBy(() -> S3Settings.aws("b").withPartSize((5 << 20) - 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("partSize");
        assertThatThrownBy(() -> S3Settings.aws("b").withPartSize((1 << 30) + 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("partSize");
    }

    @Test
    void keysComeInPairsAndTheSecretIsNeverPrinted() {
        assertThatThrownBy(() -> new S3Settings(ENDPOINT, "eu-west-1", "b", "key", null, true, "", S3Settings.MIN_PART_SIZE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both");

        S3Settings settings = new S3Settings(ENDPOINT, "eu-west-1", "b", "key", "hush-hush", true, "", S3Settings.MIN_PART_SIZE);

        assertThat(settings.toString()).contains("accessKey=key").doesNotContain("hush-hush");
    }

    @Test
    void bucketAndEndpointMustBeUsable() {
        assertThatThrownBy(() -> S3Settings.aws(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new S3Settings(URI.create("s3.example.com"), null, "b", null, null, false, "",
                S3Settings.DEFAULT_PART_SIZE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("absolute URI");
    }
}
