package dev.wharf.config;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The keys of a configuration record, read from its components: a component is a key of the same name, a nested
 * record is a section, a {@code List} of records is a list of sections. The binder, the environment overrides and
 * the documentation all follow these, so a new component is a new key everywhere at once.
 */
final class RecordKeys {
    private static final ClassValue<List<Key>> KEYS = new ClassValue<>() {
        @Override
        protected List<Key> computeValue(Class<?> type) {
            return Arrays.stream(type.getRecordComponents()).map(RecordKeys::key).toList();
        }
    };

    private RecordKeys() {
    }

    /** One key: a record component, with its default ({@link Default}) and whether it may stay null ({@link OptionalSection}). */
    record Key(String name, Type type, String defaultText, boolean optional) {
        /** The component's class, {@code List} for a list. */
        Class<?> raw() {
            return type instanceof ParameterizedType parameterized ? (Class<?>) parameterized.getRawType() : (Class<?>) type;
        }

        boolean isList() {
            return raw() == List.class;
        }

        /** The class of a list's items. */
        Class<?> itemType() {
            return (Class<?>) ((ParameterizedType) type).getActualTypeArguments()[0];
        }

        /** A nested section: a record. */
        boolean isSection() {
            return raw().isRecord();
        }

        /** A list of sections, such as {@code repositories}. */
        boolean isSectionList() {
            return isList() && itemType().isRecord();
        }

        /** The record of a section, or of the items of a list of sections. */
        Class<? extends Record> sectionType() {
            return (isList() ? itemType() : raw()).asSubclass(Record.class);
        }
    }

    /** The keys of {@code type}, in component order. */
    static List<Key> of(Class<? extends Record> type) {
        return KEYS.get(type);
    }

    /** {@code a, b, c}: the names of {@code keys}, for messages. */
    static String names(List<Key> keys) {
        return keys.stream().map(Key::name).collect(Collectors.joining(", "));
    }

    private static Key key(RecordComponent component) {
        Default declared = component.getAnnotation(Default.class);
        Key key = new Key(component.getName(), component.getGenericType(), declared == null ? null : declared.value(),
                component.isAnnotationPresent(OptionalSection.class));
        if (component.getType().isPrimitive() && key.defaultText() == null) {
            // Jackson would bind an absent primitive as 0 or false, a default nobody chose.
            throw new IllegalStateException(component.getDeclaringRecord().getName() + "." + component.getName()
                    + " is primitive and needs a @Default");
        }
        return key;
    }
}
