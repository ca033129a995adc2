package ru.rabota.bridge.deploy;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads. Hand-written (no PromQL parser for Java on the classpath): every name
 * that is not a function, a keyword, a label or a Grafana variable is a metric; the series suffixes of a histogram or
 * summary ({@code _bucket}, {@code _count}, {@code _sum}) are taken off.
 */
final class PromQl {

    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    private static final Pattern LABEL_LIST = Pattern.compile(
            "\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    /** A name, whole (possessive), not part of a number or a variable, and not called as a function. */
    private static final Pattern NAME = Pattern.compile("(?<![\\w.$])[a-zA-Z_:][\\w:]*+(?!\\s*\\()");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "group_left",
            "group_right", "inf", "nan");
    private static final Pattern SERIES_SUFFIX = Pattern.compile("_(?:bucket|count|sum)$");

    private PromQl() {
    }

    static Set<String> metricNames(String expression) {
        String names = STRING.matcher(expression).replaceAll("\"\"");
        names = MATCHERS.matcher(names).replaceAll(" ");
        names = RANGE.matcher(names).replaceAll(" ");
        names = LABEL_LIST.matcher(names).replaceAll(" ");
        Set<String> metrics = new TreeSet<>();
        Matcher name = NAME.matcher(names);
        while (name.find()) {
            if (!KEYWORDS.contains(name.group().toLowerCase())) {
                metrics.add(SERIES_SUFFIX.matcher(name.group()).replaceFirst(""));
            }
        }
        return metrics;
    }
}
