package ru.rabota.bridge.bench;

import ru.rabota.bridge.applications.ApplicationsPollBenchmark;

/**
 * Runs the benchmark named by {@code -Dbench} (jobs, startup, rate-limit, feed, applications) and prints the machine
 * around its figures. Its sizes are {@code -Dbench.*} settings, each with its default in the pom's {@code bench}
 * profile, which is how it runs: {@code mvn -q -o -Pbench exec:exec -Dbench=jobs}.
 */
public final class Benchmarks {

    private Benchmarks() {
    }

    public static void main(String[] args) {
        int status = 0;
        try {
            Machine.printStart();
            run(System.getProperty("bench", ""));
            Machine.printEnd();
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        // the test broker's threads would keep the JVM alive; its shutdown hook stops it
        System.exit(status);
    }

    private static void run(String bench) throws Exception {
        switch (bench) {
            case "jobs" -> JobsBenchmark.run();
            case "startup" -> StartupBenchmark.run();
            case "rate-limit" -> RateLimitBenchmark.run();
            case "feed" -> FeedBenchmark.run();
            case "applications" -> ApplicationsPollBenchmark.run();
            case "startup-classes" -> StartupClasses.write();
            default -> throw new IllegalArgumentException("-Dbench is one of jobs, startup, rate-limit, feed, "
                    + "applications (or startup-classes, which writes the class-preload list), not '" + bench + "'");
        }
    }

    /** A whole-number {@code bench.*} setting, given by the pom's bench profile. */
    public static int setting(String name) {
        return Integer.parseInt(text(name));
    }

    /** A {@code bench.*} setting as text. */
    public static String text(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set: run the benchmarks through the pom's bench profile "
                    + "(mvn -q -o -Pbench exec:exec -Dbench=...)");
        }
        return value;
    }
}
