package dev.wharf.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The lower-case ids by which the configuration names enum values ({@code remote}, {@code virtual}). */
final class ConfigIds {
    private ConfigIds() {
    }

    /** The id of a value: its name in lower case. */
    static String id(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /** The value whose id is exactly {@code id}; a {@link ConfigException} listing the ids otherwise. */
    static <E extends Enum<E>> E byId(Class<E> type, String id) {
        for (E value : type.getEnumConstants()) {
            if (id(value).equals(id)) {
                return value;
            }
        }
        String ids = Arrays.stream(type.getEnumConstants()).map(ConfigIds::id).collect(Collectors.joining(", "));
        throw new ConfigException(null, Check.quote(id) + " is not one of " + ids);
    }
}
