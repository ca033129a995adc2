package ru.rabota.bridge.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The machine a benchmark runs on, printed before its figures, and its load average before and after: on a shared
 * machine other processes' load moves the figures as much as the bundle does.
 */
final class Machine {

    private Machine() {
    }

    static void printStart() {
        System.out.printf(Locale.ROOT, "machine: %d cores (%s), %s RAM, %s %s; java %s (%s, %s)%n",
                Runtime.getRuntime().availableProcessors(), cpuModel(), memory(), System.getProperty("os.name"),
                System.getProperty("os.version"), System.getProperty("java.runtime.version"),
                System.getProperty("java.vm.name"), System.getProperty("java.vendor"));
        System.out.println("load average at start: " + loadAverage());
    }

    static void printEnd() {
        System.out.println("load average at end: " + loadAverage());
    }

    /** The 1, 5 and 15 minute load averages. */
    private static String loadAverage() {
        String[] fields = read("/proc/loadavg").trim().split("\\s+");
        return fields[0] + " " + fields[1] + " " + fields[2];
    }

    private static String cpuModel() {
        return read("/proc/cpuinfo").lines().filter(line -> line.startsWith("model name")).findFirst()
                .map(line -> line.substring(line.indexOf(':') + 1).trim()).orElse("CPU model unknown");
    }

    private static String memory() {
        return read("/proc/meminfo").lines().filter(line -> line.startsWith("MemTotal:")).findFirst()
                .map(line -> String.format(Locale.ROOT, "%.1f GB",
                        Long.parseLong(line.replaceAll("\\D", "")) / 1024.0 / 1024.0))
                .orElse("unknown");
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
