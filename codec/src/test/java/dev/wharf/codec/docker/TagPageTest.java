package dev.wharf.codec.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TagPageTest {
    private static final List<String> TAGS = List.of("1.0", "1.1", "2.0", "latest");

    @Test
    void wholeListWithoutN() {
        TagPage page = TagPage.of(TAGS, Optional.empty(), Optional.empty());
        assertThat(page.names()).isEqualTo(TAGS);
        assertThat(page.next()).isEmpty();
    }

    @Test
    void pagesByNAndLast() {
        TagPage first = TagPage.of(TAGS, Optional.of(2), Optional.empty());
        assertThat(first.names()).containsExactly("1.0", "1.1");
        assertThat(first.next()).hasValue("1.1");
        TagPage second = TagPage.of(TAGS, Optional.of(2), first.next());
        assertThat(second.names()).containsExactly("2.0", "latest");
        assertThat(second.next()).isEmpty();
    }

    @Test
    void lastNeedNotBeATag() {
        assertThat(TagPage.of(TAGS, Optional.empty(), Optional.of("1.05")).names()).containsExactly("1.1", "2.0", "latest");
        assertThat(TagPage.of(TAGS, Optional.empty(), Optional.of("zzz")).names()).isEmpty();
        assertThat(TagPage.of(TAGS, Optional.of(0), Optional.empty()).names()).isEmpty();
    }
}
