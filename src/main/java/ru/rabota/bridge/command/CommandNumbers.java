package ru.rabota.bridge.command;

import java.math.BigDecimal;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The numbers a command (or a feed row) may hold: at most {@value #MAX_DIGITS} digits before the decimal point and as
 * many after it, more than any salary or coordinate needs (a coordinate has 15 decimals). Jackson reads
 * {@code 1e999999999}, 11 characters, as a number of a billion digits: written out plainly, made an integer or
 * stripped of its zeros it takes the heap or hours, at every reading of its record. Such a number is refused where
 * the command is read and named in short ({@code 1E+999999999}, never {@link BigDecimal#toPlainString()}).
 */
public final class CommandNumbers {

    public static final int MAX_DIGITS = 30;
    /** What a refused number is: {@code job.lat: 1E+999999999 has more than 30 digits before or after the point}. */
    public static final String TOO_MANY_DIGITS = "has more than " + MAX_DIGITS
            + " digits before or after the decimal point";

    private static final int SHOWN_LENGTH = 100;

    private CommandNumbers() {
    }

    public static boolean withinDigits(BigDecimal value) {
        // long: precision - scale of 1e2147483647 overflows an int
        return (long) value.precision() - value.scale() <= MAX_DIGITS && value.scale() <= MAX_DIGITS;
    }

    /**
     * The value, when it is within the digits.
     *
     * @throws MalformedCommandException naming the field and the value in short
     */
    public static BigDecimal bounded(String field, BigDecimal value) {
        if (value != null && !withinDigits(value)) {
            throw new MalformedCommandException(field + ": " + shown(value.toString()) + " " + TOO_MANY_DIGITS);
        }
        return value;
    }

    /** What is wrong with a number of a JSON tree, or empty: also a double too large for a double (Infinity). */
    static Optional<String> problem(String field, JsonNode number) {
        boolean finite = !number.isFloatingPointNumber() || number.isBigDecimal()
                || Double.isFinite(number.doubleValue());
        if (finite && withinDigits(number.decimalValue())) {
            return Optional.empty();
        }
        return Optional.of(field + ": " + shown(finite ? number.decimalValue().toString() : number.asText()) + " "
                + TOO_MANY_DIGITS);
    }

    private static String shown(String value) {
        return value.length() <= SHOWN_LENGTH ? value : value.substring(0, SHOWN_LENGTH) + "...";
    }
}
