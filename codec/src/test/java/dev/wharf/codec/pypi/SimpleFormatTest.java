package dev.wharf.codec.pypi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.codec.http.Accept;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimpleFormatTest {
    private static SimpleFormat pick(String... lines) {
        return SimpleFormat.negotiate(Accept.parse(List.of(lines))).orElse(null);
    }

    @Test
    void pipsAcceptPicksJson() {
        assertThat(pick("application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01"))
                .isEqualTo(SimpleFormat.JSON);
    }

    @Test
    void weightsDecide() {
        assertThat(pick("application/vnd.pypi.simple.v1+json; q=0.2, application/vnd.pypi.simple.v1+html"))
                .isEqualTo(SimpleFormat.HTML);
        assertThat(pick("text/html")).isEqualTo(SimpleFormat.LEGACY_HTML);
        assertThat(pick("application/vnd.pypi.simple.latest+json")).isEqualTo(SimpleFormat.JSON);
        assertThat(pick("application/vnd.pypi.simple.latest+html")).isEqualTo(SimpleFormat.HTML);
        assertThat(pick("*/*")).as("ties go to HTML, for PEP 503 clients").isEqualTo(SimpleFormat.LEGACY_HTML);
        assertThat(pick("application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html")).isEqualTo(SimpleFormat.HTML);
    }

    @Test
    void noAcceptIsHtmlAndNothingAdmittedIsNone() {
        assertThat(SimpleFormat.negotiate(Accept.parse(List.of()))).hasValue(SimpleFormat.LEGACY_HTML);
        assertThat(pick("application/xml")).isNull();
        assertThat(pick("application/vnd.pypi.simple.v1+json;q=0")).isNull();
    }

    @Test
    void upstreamFormatComesFromTheContentType() {
        assertThat(SimpleFormat.ofResponse("application/vnd.pypi.simple.v1+json")).isEqualTo(SimpleFormat.JSON);
        assertThat(SimpleFormat.ofResponse("text/html; charset=utf-8")).isEqualTo(SimpleFormat.HTML);
        assertThat(SimpleFormat.ofResponse(null)).isEqualTo(SimpleFormat.HTML);
    }
}
