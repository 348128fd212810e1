package dev.wharf.codec.docker;

import dev.wharf.codec.Digest;
import dev.wharf.codec.Printable;
import java.util.Objects;
import java.util.regex.Pattern;

/** What a manifest path names: a mutable {@link Tag} or an immutable {@link DigestRef}; {@code toString()} gives the wire form. */
public sealed interface Reference {

    /**
     * Parses the last component of a manifest path: text containing {@code :} must be a
     * {@code sha256:<64 hex>} digest, anything else a tag.
     *
     * @throws IllegalArgumentException saying what was expected
     */
    static Reference parse(String text) {
        Objects.requireNonNull(text, "reference");
        return text.indexOf(':') >= 0 ? new DigestRef(Digest.parse(text)) : new Tag(text);
    }

    /** A tag, {@code [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}}: points at a manifest until it is moved. */
    record Tag(String value) implements Reference {
        private static final int MAX_LENGTH = 128;
        /** The grammar as the distribution spec writes it; {@link #isValid} scans it by hand, off the hot path's regex. */
        static final Pattern GRAMMAR = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

        public Tag {
            Objects.requireNonNull(value, "value");
            if (!isValid(value)) {
                throw new IllegalArgumentException(
                        "tag: " + Printable.of(value) + " (expected: [A-Za-z0-9_][A-Za-z0-9_.-]{0,127})");
            }
        }

        /** True when {@code text} is a well-formed tag. */
        public static boolean isValid(String text) {
            if (text == null || text.isEmpty() || text.length() > MAX_LENGTH) {
                return false;
            }
            if (!isWordChar(text.charAt(0))) {
                return false;
            }
            for (int i = 1; i < text.length(); i++) {
                char c = text.charAt(i);
                if (!isWordChar(c) && c != '.' && c != '-') {
                    return false;
                }
            }
            return true;
        }

        private static boolean isWordChar(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        }

        @Override
        public String toString() {
            return value;
        }
    }

    /** A manifest named by its content digest. */
    record DigestRef(Digest digest) implements Reference {
        public DigestRef {
            Objects.requireNonNull(digest, "digest");
        }

        @Override
        public String toString() {
            return digest.toString();
        }
    }
}
