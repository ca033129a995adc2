package ru.rabota.bridge.bench;

import java.util.Locale;

/**
 * A goal of issue 13 and a figure printed next to it, with their ratio: 1 or more when the goal is met. Printed,
 * never asserted: the figures depend on the machine and on what else runs on it.
 */
public record Goal(String comparison, double target, String unit, String note) {

    public static Goal atLeast(double target, String unit, String note) {
        return new Goal(">=", target, unit, note);
    }

    static Goal atMost(double target, String unit, String note) {
        return new Goal("<=", target, unit, note);
    }

    static Goal below(double target, String unit, String note) {
        return new Goal("<", target, unit, note);
    }

    /** E.g. {@code jobs warm: 612 jobs/s, goal >= 720 jobs/s (0.9 x 16 / 20 ms): 0.85 of goal, missed}. */
    public void print(String figure, double value) {
        boolean higherIsBetter = comparison.equals(">=");
        double ratio = higherIsBetter ? value / target : target / value;
        System.out.printf(Locale.ROOT, "%s: %s %s, goal %s %s %s%s: %s%s%n", figure, number(value), unit,
                comparison, number(target), unit, note.isEmpty() ? "" : " (" + note + ")",
                // none when a figure of 0 meets a goal of at most 0 or below 1 %
                Double.isFinite(ratio) ? String.format(Locale.ROOT, "%.2f of goal, ", ratio) : "",
                met(value) ? "met" : "missed");
    }

    private boolean met(double value) {
        return switch (comparison) {
            case ">=" -> value >= target;
            case "<=" -> value <= target;
            default -> value < target;
        };
    }

    /** Three significant digits or so, thousands grouped. */
    public static String number(double value) {
        double magnitude = Math.abs(value);
        return String.format(Locale.ROOT, magnitude >= 100 || magnitude == 0 ? "%,.0f" : magnitude >= 10 ? "%.1f"
                : "%.2f", value);
    }
}
