package dev.wharf.codec.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A request's {@code Accept} (RFC 9110 section 12.5.1), read from every header line the client sent (Go
 * clients send one line per media type) as one list of media ranges with their weights. Lenient, as a
 * server must be: an element that is not a media range is ignored, a bad {@code q} counts as 1. No
 * {@code Accept} at all admits everything.
 */
public final class Accept {
    /** At most this many ranges are read; a client never needs more, and the work stays bounded. */
    static final int MAX_RANGES = 64;

    private record Range(String type, String subtype, double q) {
        /** How well this range matches {@code type/subtype}: 3 exact, 2 type wildcard, 1 full wildcard, 0 not at all. */
        int specificity(String t, String s) {
            if (type.equals("*")) {
                return subtype.equals("*") ? 1 : 0;
            }
            if (!type.equals(t)) {
                return 0;
            }
            return subtype.equals("*") ? 2 : subtype.equals(s) ? 3 : 0;
        }
    }

    private final List<Range> ranges;

    private Accept(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    /** The ranges of every line in {@code lines} (each may hold several, comma-separated); none is fine. */
    public static Accept parse(List<String> lines) {
        List<Range> ranges = new ArrayList<>();
        for (String line : lines) {
            if (line == null) {
                continue;
            }
            for (String element : line.split(",")) {
                if (ranges.size() >= MAX_RANGES) {
                    return new Accept(ranges);
                }
                Range range = range(element);
                if (range != null) {
                    ranges.add(range);
                }
            }
        }
        return new Accept(ranges);
    }

    /** True when the client sent no usable {@code Accept}: it admits anything. */
    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** The weight the client gives {@code mediaType} (parameters ignored): that of its most specific matching range; 0 for none. */
    public double quality(String mediaType) {
        if (ranges.isEmpty()) {
            return 1;
        }
        String essence = essence(mediaType);
        int slash = essence.indexOf('/');
        if (slash <= 0) {
            return 0;
        }
        String type = essence.substring(0, slash);
        String subtype = essence.substring(slash + 1);
        int best = 0;
        double q = 0;
        for (Range r : ranges) {
            int s = r.specificity(type, subtype);
            if (s > best || (s == best && s > 0 && r.q > q)) {
                best = s;
                q = r.q;
            }
        }
        return best == 0 ? 0 : q;
    }

    /** True when the client admits {@code mediaType} (a weight above 0). */
    public boolean admits(String mediaType) {
        return quality(mediaType) > 0;
    }

    /** The candidates the client admits, highest weight first; equal weights keep the candidates' order. */
    public List<String> preferred(List<String> candidates) {
        List<Weighted> admitted = new ArrayList<>(candidates.size());
        for (String candidate : candidates) {
            double q = quality(candidate);
            if (q > 0) {
                admitted.add(new Weighted(candidate, q));
            }
        }
        // A stable sort: equal weights keep the candidates' order.
        admitted.sort(Comparator.comparingDouble(Weighted::q).reversed());
        List<String> out = new ArrayList<>(admitted.size());
        admitted.forEach(w -> out.add(w.type()));
        return List.copyOf(out);
    }

    private record Weighted(String type, double q) {
    }

    /** A canonical text of the ranges (lower case, sorted), for keys: two clients that admit alike compare equal. */
    public String canonical() {
        return ranges.stream().map(r -> r.type + "/" + r.subtype + (r.q == 1 ? "" : ";q=" + r.q))
                .sorted().distinct().collect(Collectors.joining(","));
    }

    private static Range range(String element) {
        String[] parts = element.split(";");
        String essence = parts[0].strip().toLowerCase(Locale.ROOT);
        int slash = essence.indexOf('/');
        if (slash <= 0 || slash == essence.length() - 1 || !HttpTokens.isToken(essence.substring(0, slash))
                || !HttpTokens.isToken(essence.substring(slash + 1))) {
            return null;
        }
        String type = essence.substring(0, slash);
        String subtype = essence.substring(slash + 1);
        if (type.equals("*") && !subtype.equals("*")) {
            return null;
        }
        double q = 1;
        for (int i = 1; i < parts.length; i++) {
            String param = parts[i].strip();
            if (param.length() > 2 && (param.charAt(0) == 'q' || param.charAt(0) == 'Q') && param.charAt(1) == '=') {
                q = weight(param.substring(2).strip());
            }
        }
        return new Range(type, subtype, q);
    }

    /** A {@code qvalue}: 0 to 1 with up to three decimals; anything else counts as 1. */
    private static double weight(String text) {
        if (!text.matches("0(\\.[0-9]{0,3})?|1(\\.0{0,3})?")) {
            return 1;
        }
        return Double.parseDouble(text);
    }

    /** A media type without parameters, lower case. */
    public static String essence(String mediaType) {
        if (mediaType == null) {
            return "";
        }
        int semicolon = mediaType.indexOf(';');
        return (semicolon < 0 ? mediaType : mediaType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }
}
