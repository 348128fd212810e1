package dev.wharf.codec.terraform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The paths of both protocols and of packages, and the names in them. */
class TerraformPathTest {
    private static Optional<TerraformPath> parse(String path) {
        return TerraformPath.parse(List.of(path.split("/")));
    }

    @Test
    void registryProtocolPaths() {
        ProviderAddress aws = new ProviderAddress("hashicorp", "aws");
        assertThat(parse(".well-known/terraform.json")).contains(new TerraformPath.Discovery());
        assertThat(parse("v1/providers/hashicorp/aws/versions")).contains(new TerraformPath.Versions(aws));
        assertThat(parse("v1/providers/hashicorp/aws/5.1.0/download/linux/amd64"))
                .contains(new TerraformPath.Download(aws, new ProviderFile("aws", "5.1.0", "linux", "amd64")));
        assertThat(parse("v1/providers/hashicorp/aws/5.1.0/SHA256SUMS")).contains(new TerraformPath.Shasums(aws, "5.1.0", false));
        assertThat(parse("v1/providers/hashicorp/aws/5.1.0/SHA256SUMS.sig")).contains(new TerraformPath.Shasums(aws, "5.1.0", true));
    }

    @Test
    void mirrorProtocolAndPackagePaths() {
        ProviderAddress aws = new ProviderAddress("hashicorp", "aws");
        ProviderFile file = new ProviderFile("aws", "5.1.0", "linux", "arm64");
        assertThat(parse("registry.example.com/hashicorp/aws/index.json")).contains(new TerraformPath.MirrorIndex("registry.example.com", aws));
        assertThat(parse("registry.example.com/hashicorp/aws/5.1.0.json"))
                .contains(new TerraformPath.MirrorVersion("registry.example.com", aws, "5.1.0"));
        assertThat(parse("registry.example.com/hashicorp/aws/terraform-provider-aws_5.1.0_linux_arm64.zip"))
                .contains(new TerraformPath.Archive(aws, file));
        TerraformPath.Archive put = (TerraformPath.Archive) parse("hashicorp/aws/terraform-provider-aws_5.1.0_linux_arm64.zip").orElseThrow();
        assertThat(put.storagePath()).isEqualTo("hashicorp/aws/terraform-provider-aws_5.1.0_linux_arm64.zip");
        assertThat(file.platform()).isEqualTo("linux_arm64");
    }

    @Test
    void unknownShapesAreEmptyAndBadNamesAreErrors() {
        assertThat(parse("v1/providers/hashicorp/aws/other")).isEmpty();
        assertThat(parse("a/b")).isEmpty();
        assertThatThrownBy(() -> parse("v1/providers/hashi corp/aws/versions")).isInstanceOf(TerraformNameException.class)
                .hasMessageContaining("namespace");
        assertThatThrownBy(() -> parse("v1/providers/hashicorp/AWS/versions")).hasMessageContaining("provider type");
        assertThatThrownBy(() -> parse("h/hashicorp/aws/1.0.json.json")).hasMessageContaining("version");
        assertThatThrownBy(() -> parse("hashicorp/aws/terraform-provider-aws_1.0.0_linux.zip")).hasMessageContaining("four");
        assertThatThrownBy(() -> parse("hashicorp/aws/provider-aws_1.0.0_linux_amd64.zip")).hasMessageContaining("expected terraform-provider-");
        assertThatThrownBy(() -> parse("hashicorp/aws/terraform-provider-google_1.0.0_linux_amd64.zip"))
                .hasMessageContaining("not of aws");
    }

    @Test
    void fileNamesRoundTrip() {
        ProviderFile file = ProviderFile.parse("terraform-provider-my-thing_1.2.3-beta.1_darwin_arm64.zip");
        assertThat(file).isEqualTo(new ProviderFile("my-thing", "1.2.3-beta.1", "darwin", "arm64"));
        assertThat(file.fileName()).isEqualTo("terraform-provider-my-thing_1.2.3-beta.1_darwin_arm64.zip");
    }
}
