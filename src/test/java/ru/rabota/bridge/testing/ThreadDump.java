package ru.rabota.bridge.testing;

import java.util.Map;

/** Every thread's stack on standard output (the test's report file), for a wait that timed out. */
public final class ThreadDump {

    private ThreadDump() {
    }

    public static void print(String why) {
        StringBuilder dump = new StringBuilder("=== thread dump: ").append(why).append('\n');
        for (Map.Entry<Thread, StackTraceElement[]> thread : Thread.getAllStackTraces().entrySet()) {
            dump.append('"').append(thread.getKey().getName()).append("\" ").append(thread.getKey().getState())
                    .append('\n');
            for (StackTraceElement frame : thread.getValue()) {
                dump.append("    at ").append(frame).append('\n');
            }
        }
        System.out.println(dump);
    }
}
