package dev.wharf.codec.maven;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A Maven version, ordered as Maven orders versions: numeric parts numerically, {@code -} and digit/letter
 * transitions starting sub-lists, the qualifiers {@code alpha < beta < milestone < rc = cr < snapshot <
 * "" = ga = final = release < sp}, unknown qualifiers after those (alphabetically), trailing zeros and
 * release qualifiers ignored ({@code 1.0 = 1 = 1-ga}), so that {@code 1.0-alpha-1 < 1.0-SNAPSHOT < 1.0 < 1.0.1}.
 */
public final class MavenVersion implements Comparable<MavenVersion> {
    private static final List<String> QUALIFIERS = List.of("alpha", "beta", "milestone", "rc", "snapshot", "", "sp");
    private static final String RELEASE_INDEX = String.valueOf(QUALIFIERS.indexOf(""));

    private final String text;
    private final ListItem items;

    private MavenVersion(String text) {
        this.text = text;
        this.items = parse(text);
    }

    /** The version written {@code text}. */
    public static MavenVersion of(String text) {
        return new MavenVersion(Objects.requireNonNull(text, "version"));
    }

    /** True for a snapshot version ({@code 1.0-SNAPSHOT}). */
    public static boolean isSnapshot(String version) {
        return version.endsWith(MavenPath.SNAPSHOT);
    }

    @Override
    public int compareTo(MavenVersion other) {
        return items.compareTo(other.items);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MavenVersion v && compareTo(v) == 0;
    }

    @Override
    public int hashCode() {
        return items.toString().hashCode();
    }

    @Override
    public String toString() {
        return text;
    }

    private interface Item {
        int compareTo(Item other);

        boolean isNull();
    }

    private record IntItem(BigInteger value) implements Item {
        @Override
        public int compareTo(Item other) {
            if (other == null) {
                return value.signum() == 0 ? 0 : 1;
            }
            if (other instanceof IntItem i) {
                return value.compareTo(i.value);
            }
            return 1;
        }

        @Override
        public boolean isNull() {
            return value.signum() == 0;
        }
    }

    private record StringItem(String value) implements Item {
        static StringItem of(String value, boolean followedByDigit) {
            if (followedByDigit && value.length() == 1) {
                switch (value.charAt(0)) {
                    case 'a' -> value = "alpha";
                    case 'b' -> value = "beta";
                    case 'm' -> value = "milestone";
                    default -> {
                    }
                }
            }
            value = switch (value) {
                case "ga", "final", "release" -> "";
                case "cr" -> "rc";
                default -> value;
            };
            return new StringItem(value);
        }

        private static String comparable(String qualifier) {
            int i = QUALIFIERS.indexOf(qualifier);
            return i < 0 ? QUALIFIERS.size() + "-" + qualifier : String.valueOf(i);
        }

        @Override
        public int compareTo(Item other) {
            if (other == null) {
                return comparable(value).compareTo(RELEASE_INDEX);
            }
            if (other instanceof StringItem s) {
                return comparable(value).compareTo(comparable(s.value));
            }
            return -1;
        }

        @Override
        public boolean isNull() {
            return comparable(value).compareTo(RELEASE_INDEX) == 0;
        }
    }

    private static final class ListItem extends ArrayList<Item> implements Item {
        private static final long serialVersionUID = 1L;

        @Override
        public int compareTo(Item other) {
            if (other == null) {
                for (Item i : this) {
                    int result = i.compareTo(null);
                    if (result != 0) {
                        return result;
                    }
                }
                return 0;
            }
            if (other instanceof IntItem) {
                return -1;
            }
            if (other instanceof StringItem) {
                return 1;
            }
            Iterator<Item> left = iterator();
            Iterator<Item> right = ((ListItem) other).iterator();
            while (left.hasNext() || right.hasNext()) {
                Item l = left.hasNext() ? left.next() : null;
                Item r = right.hasNext() ? right.next() : null;
                int result = l == null ? (r == null ? 0 : -r.compareTo(null)) : l.compareTo(r);
                if (result != 0) {
                    return result;
                }
            }
            return 0;
        }

        @Override
        public boolean isNull() {
            return isEmpty();
        }

        void normalize() {
            for (int i = size() - 1; i >= 0; i--) {
                Item last = get(i);
                if (last.isNull()) {
                    remove(i);
                } else if (!(last instanceof ListItem)) {
                    break;
                }
            }
        }
    }

    private static ListItem parse(String version) {
        String v = version.toLowerCase(Locale.ROOT);
        ListItem root = new ListItem();
        ListItem list = root;
        Deque<ListItem> stack = new ArrayDeque<>();
        stack.push(list);
        boolean isDigit = false;
        int start = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '.' || c == '-') {
                list.add(i == start ? new IntItem(BigInteger.ZERO) : item(isDigit, v.substring(start, i), false));
                start = i + 1;
                if (c == '-') {
                    ListItem sub = new ListItem();
                    list.add(sub);
                    list = sub;
                    stack.push(list);
                }
            } else if (Character.isDigit(c)) {
                if (!isDigit && i > start) {
                    list.add(item(false, v.substring(start, i), true));
                    start = i;
                    ListItem sub = new ListItem();
                    list.add(sub);
                    list = sub;
                    stack.push(list);
                }
                isDigit = true;
            } else {
                if (isDigit && i > start) {
                    list.add(item(true, v.substring(start, i), false));
                    start = i;
                    ListItem sub = new ListItem();
                    list.add(sub);
                    list = sub;
                    stack.push(list);
                }
                isDigit = false;
            }
        }
        if (v.length() > start) {
            list.add(item(isDigit, v.substring(start), false));
        }
        while (!stack.isEmpty()) {
            stack.pop().normalize();
        }
        return root;
    }

    private static Item item(boolean digits, String text, boolean followedByDigit) {
        return digits ? new IntItem(new BigInteger(text)) : StringItem.of(text, followedByDigit);
    }
}
