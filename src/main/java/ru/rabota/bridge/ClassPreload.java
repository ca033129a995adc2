package ru.rabota.bridge;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Loads and links, on a thread of its own, the classes a start of the bundle loads ({@value #LIST}, the output of
 * {@code -XX:DumpLoadedClassList} for a start of the fat jar; {@code -Dbench=startup-classes} writes it), while the
 * main thread builds the routes, which needs them one after the other: ready 0.5 s sooner on two cores (5.1 s to 4.6
 * s, README "Performance"). Linking verifies a class's bytecode, most of what loading one costs; no class is
 * initialised, so no static initialiser runs sooner or on this thread. A name that is not there (the list is older
 * than a dependency) is skipped. Asking for the constructors leaves them cached (softly) beside each class: the price
 * of linking without initialising, which no other public API does. Hand-written: the JVM's own way, a class archive
 * (AppCDS), needs a JVM option, which the image sets and a plain {@code java -jar} does not; with the archive the
 * classes come linked, and this thread only looks them up (no slower start measured with it).
 */
final class ClassPreload {

    static final String LIST = "startup-classes.txt";

    private ClassPreload() {
    }

    /**
     * Loads and links the list's classes and ends, starting nothing: under {@code -XX:ArchiveClassesAtExit} a class
     * archive of a start's classes in 7 s, without a broker (the test suite's, {@code pom.xml}).
     */
    public static void main(String[] args) {
        ClassLoader loader = ClassPreload.class.getClassLoader();
        InputStream list = loader.getResourceAsStream(LIST);
        if (list == null) {
            throw new IllegalStateException("no " + LIST + " in the jar");
        }
        link(loader, list);
    }

    /** Starts the thread; a missing list starts none. */
    static void start() {
        ClassLoader loader = ClassPreload.class.getClassLoader();
        InputStream list = loader.getResourceAsStream(LIST);
        if (list == null) {
            return;
        }
        Thread preload = new Thread(() -> link(loader, list), "class-preload");
        preload.setDaemon(true);
        preload.start();
    }

    /**
     * Loads and links the classes the list names; returns how many. The list's other lines (comments, lambda forms
     * and proxies: {@code #...}, {@code @...}) are skipped.
     */
    static int link(ClassLoader loader, InputStream list) {
        int linked = 0;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(list, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (!line.isBlank() && !line.startsWith("#") && !line.startsWith("@")) {
                    linked += link(loader, line.split(" ", 2)[0].replace('/', '.')) ? 1 : 0;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return linked;
    }

    private static boolean link(ClassLoader loader, String name) {
        try {
            // asking for its constructors links the class (the JVM verifies it then); forName alone only loads it
            Class.forName(name, false, loader).getDeclaredConstructors();
            return true;
        } catch (ReflectiveOperationException | LinkageError | SecurityException gone) {
            return false;
        }
    }
}
