package dev.wharf.codec.pypi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DistFilenameTest {
    @Test
    void readsWheelNames() {
        assertThat(DistFilename.parse("demo_pkg-1.0-py3-none-any.whl")).hasValue(new DistFilename("demo_pkg", "1.0", true));
        assertThat(DistFilename.parse("numpy-1.26.4-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"))
                .hasValue(new DistFilename("numpy", "1.26.4", true));
        assertThat(DistFilename.parse("pkg-2.0.post1-1build-py2.py3-none-any.whl")).hasValue(new DistFilename("pkg", "2.0.post1", true));
        assertThat(DistFilename.parse("pkg-1!2.0+local.1-py3-none-any.whl")).hasValue(new DistFilename("pkg", "1!2.0+local.1", true));
    }

    @Test
    void readsSourceDistributionNames() {
        assertThat(DistFilename.parse("demo_pkg-1.0.tar.gz")).hasValue(new DistFilename("demo_pkg", "1.0", false));
        assertThat(DistFilename.parse("legacy-name-0.3.zip")).hasValue(new DistFilename("legacy-name", "0.3", false));
    }

    @Test
    void refusesOtherNames() {
        assertThat(DistFilename.parse("demo.exe")).isEmpty();
        assertThat(DistFilename.parse("demo-1.0-py3-none.whl")).isEmpty();
        assertThat(DistFilename.parse("demo-1.0.tar.bz2")).isEmpty();
        assertThat(DistFilename.parse("demo-one.tar.gz")).isEmpty();
        assertThat(DistFilename.parse("../demo-1.0.tar.gz")).isEmpty();
        assertThat(DistFilename.parse("a".repeat(300) + "-1.0.tar.gz")).isEmpty();
    }

    @Test
    void comparesProjectsNormalised() {
        DistFilename file = DistFilename.parse("Twine_Demo-1.0-py3-none-any.whl").orElseThrow();
        assertThat(file.isOf("twine.demo")).isTrue();
        assertThat(file.isOf("twine-demo-extra")).isFalse();
        assertThat(file.distInfo()).isEqualTo("Twine_Demo-1.0.dist-info");
        assertThat(DistFilename.mediaType("a-1.0.tar.gz")).isEqualTo("application/gzip");
        assertThat(DistFilename.mediaType("a-1.0-py3-none-any.whl")).isEqualTo("application/zip");
    }
}
