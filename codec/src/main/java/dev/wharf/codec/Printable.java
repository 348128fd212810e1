package dev.wharf.codec;

/** Renders untrusted text for error messages and logs: printable ASCII only, at most 80 characters. */
public final class Printable {
    private static final int MAX_LENGTH = 80;
    private static final String ELLIPSIS = "...";

    private Printable() {
    }

    /**
     * Returns {@code text} with every character outside printable ASCII written as {@code \\uXXXX}
     * (so control characters cannot forge log lines), cut to 80 characters ending in "...".
     */
    public static String of(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_LENGTH) + 8);
        int fitsWithEllipsis = 0;
        for (int i = 0; i < text.length(); i++) {
            if (out.length() <= MAX_LENGTH - ELLIPSIS.length()) {
                fitsWithEllipsis = out.length();
            }
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
            if (out.length() > MAX_LENGTH) {
                out.setLength(fitsWithEllipsis);
                return out.append(ELLIPSIS).toString();
            }
        }
        return out.toString();
    }
}
