package ru.rabota.bridge.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What each test class costs the machine, for keeping the suite within its time on 2 cores (README, "Tests"): the
 * test JVM's CPU (its broker's included) and that of the processes it started and has ended (the jars), from
 * {@code /proc/self/stat}, and the class's wall time. With {@code -Dbridge.test.cpu-report=FILE}, one line per class
 * is appended to it: seconds of CPU, seconds of wall time, the class. Registered for every class by JUnit's
 * extension auto-detection (the Surefire configuration in {@code pom.xml}); without the setting it does nothing.
 */
public final class ClassCpuTime implements BeforeAllCallback, AfterAllCallback {

    private static final String REPORT = System.getProperty("bridge.test.cpu-report", "");
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ClassCpuTime.class);
    /** Clock ticks a second ({@code getconf CLK_TCK}: 100 on Linux everywhere). */
    private static final double TICKS = 100.0;

    private record Start(double cpu, long nanos) {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (!REPORT.isEmpty()) {
            context.getStore(NAMESPACE).put(Start.class, new Start(cpuSeconds(), System.nanoTime()));
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        Start start = REPORT.isEmpty() ? null : context.getStore(NAMESPACE).get(Start.class, Start.class);
        if (start == null) {
            return;
        }
        String line = String.format(Locale.ROOT, "%.1f\t%.1f\t%s%n", cpuSeconds() - start.cpu(),
                (System.nanoTime() - start.nanos()) / 1e9, context.getRequiredTestClass().getName());
        Files.writeString(Path.of(REPORT), line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** utime + stime + cutime + cstime: fields 14 to 17 of {@code /proc/self/stat}, after the command's parentheses. */
    private static double cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields[0] is field 3 (state): field n is fields[n - 3]
            long ticks = 0;
            for (int field = 14; field <= 17; field++) {
                ticks += Long.parseLong(fields[field - 3]);
            }
            return ticks / TICKS;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
