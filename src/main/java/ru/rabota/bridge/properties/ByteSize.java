package ru.rabota.bridge.properties;

import java.util.Locale;

/** Sizes as the properties write them: {@code 1048576}, {@code 256KB}, {@code 1MB} (1KB = 1024 bytes). */
public final class ByteSize {

    private ByteSize() {
    }

    /** @throws InvalidPropertyException naming the property when the value is not a positive size */
    public static int parse(String property, String value) {
        String text = value.strip().toUpperCase(Locale.ROOT);
        int unit = text.endsWith("MB") ? 1024 * 1024 : text.endsWith("KB") ? 1024 : 1;
        String number = unit == 1 ? text.replaceFirst("B$", "") : text.substring(0, text.length() - 2);
        try {
            long size = Long.parseLong(number.strip()) * unit;
            if (size > 0 && size <= Integer.MAX_VALUE) {
                return (int) size;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidPropertyException(property, value, "a size such as 1048576, 256KB or 1MB");
    }

    /** {@code 2,097,152} */
    public static String format(long size) {
        return String.format(Locale.ROOT, "%,d", size);
    }
}
