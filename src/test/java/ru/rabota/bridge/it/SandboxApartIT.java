package ru.rabota.bridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import ru.rabota.sandbox.FreePort;
import ru.rabota.bridge.testing.TestKafka;

/**
 * The sandbox stays apart from the product: the thin jar (the one a Camel runtime embeds) holds and names none of
 * its classes or data and pulls no broker, and the fat jar started without the sandbox profile loads none of the
 * sandbox's classes nor the broker's.
 */
class SandboxApartIT {

    /** Sandbox and broker packages, as a class file names them ({@code ru/rabota/sandbox/Sandbox}, {@code Lkafka/...;}). */
    private static final Pattern APART = Pattern.compile(
            "(^|[L;(\\[])(ru/rabota/sandbox|ru/rabota/bridge/sandbox|kafka|scala|org/apache/zookeeper)/"
                    + "|ru\\.rabota\\.sandbox|ru\\.rabota\\.bridge\\.sandbox");
    /** The same packages in a {@code -Xlog:class+load} line. */
    private static final Pattern APART_LOADED = Pattern.compile(
            "\\] (ru\\.rabota\\.sandbox|ru\\.rabota\\.bridge\\.sandbox|kafka|scala|org\\.apache\\.zookeeper)\\.");

    @Test
    void theThinJarHoldsNoSandboxAndNoBroker() throws IOException {
        List<String> entries = new ArrayList<>();
        List<String> references = new ArrayList<>();
        try (JarFile jar = new JarFile(thinJar().toFile())) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                entries.add(entry.getName());
                if (entry.getName().endsWith(".class")) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        for (String name : constantPoolStrings(in.readAllBytes())) {
                            if (APART.matcher(name).find()) {
                                references.add(entry.getName() + " -> " + name);
                            }
                        }
                    }
                }
            }
        }

        assertThat(entries).contains("ru/rabota/bridge/Application.class", "routes/jobs.camel.yaml")
                .noneMatch(name -> name.startsWith("ru/rabota/sandbox/") || name.startsWith("ru/rabota/bridge/sandbox/")
                        || name.startsWith("sandbox/") || name.equals("application-sandbox.properties")
                        || name.equals("log4j2.properties")
                        || name.startsWith("kafka/") || name.startsWith("scala/")
                        || name.startsWith("org/apache/zookeeper/"));
        assertThat(references).as("product classes that refer to the sandbox or the broker").isEmpty();
    }

    /**
     * The pom inside the thin jar: a Maven build that embeds it gets the broker's artifacts and log4j only optionally.
     */
    @Test
    void theThinJarsPomKeepsTheBrokerOptional() throws Exception {
        Element pom;
        try (JarFile jar = new JarFile(thinJar().toFile());
                InputStream in = jar.getInputStream(jar.getEntry("META-INF/maven/ru.rabota.bridge/rabota-bridge/pom.xml"))) {
            pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in).getDocumentElement();
        }
        List<String> broker = new ArrayList<>();
        for (Element dependency : children(child(pom, "dependencies"), "dependency")) {
            String group = text(dependency, "groupId");
            String artifact = text(dependency, "artifactId");
            // the broker, and the runnable jar's logging backend (a host keeps its own)
            boolean isBroker = group.equals("org.apache.zookeeper")
                    || group.equals("org.apache.kafka") && !artifact.equals("kafka-clients")
                    || group.equals("org.apache.logging.log4j");
            if (isBroker) {
                broker.add(artifact + (text(dependency, "optional").equals("true") ? " optional" : " transitive"));
            }
        }

        assertThat(broker).contains("kafka_2.13 optional", "log4j-core optional")
                .noneMatch(line -> line.endsWith(" transitive"));
    }

    @Test
    void aStartWithoutTheSandboxProfileLoadsNoSandboxClass() throws Exception {
        Map<String, String> properties = Map.of(
                "camel.component.kafka.brokers", TestKafka.bootstrapServers(),
                "bridge.topics.prefix", TestKafka.uniquePrefix(getClass()),
                // nothing answers there: the start must not depend on it
                "bridge.vk.base-url", "http://127.0.0.1:" + FreePort.next() + "/api/external/v1",
                "bridge.applications.enabled", "false");
        try (RunningJar jar = RunningJar.start(properties,
                Map.of("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=classes.log"))) {
            await().atMost(Duration.ofSeconds(90)).until(() -> jar.log().contains(") started in"));
            List<String> loaded = Files.readAllLines(jar.workDir().resolve("classes.log"), StandardCharsets.UTF_8);

            assertThat(loaded).as("the log names the bundle's own configurations, so it is complete enough")
                    .anyMatch(line -> line.contains("] ru.rabota.bridge.vk.VkConfiguration "));
            assertThat(loaded).filteredOn(line -> APART_LOADED.matcher(line).find()).isEmpty();
            // only the start counts here: a graceful stop would wait on calls retrying against the absent API
            jar.kill();
        }
    }

    private static Path thinJar() {
        Path jar = Path.of(System.getProperty("bridge.thin-jar", "target/rabota-bridge-0.1.0-SNAPSHOT.jar"));
        assertThat(jar).isRegularFile();
        return jar;
    }

    /** The UTF-8 entries of a class file's constant pool: every class, descriptor and string it names. */
    private static List<String> constantPoolStrings(byte[] classFile) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        in.skipNBytes(8); // magic, minor and major version
        int count = in.readUnsignedShort();
        List<String> strings = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> strings.add(in.readUTF());
                case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
                case 15 -> in.skipNBytes(3);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                case 5, 6 -> {
                    in.skipNBytes(8);
                    i++; // a long or double takes two entries
                }
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        return strings;
    }

    private static Element child(Element parent, String name) {
        return children(parent, name).get(0);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(name)) {
                found.add(element);
            }
        }
        return found;
    }

    private static String text(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? "" : found.get(0).getTextContent().trim();
    }
}
