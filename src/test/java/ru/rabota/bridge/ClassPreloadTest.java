package ru.rabota.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class ClassPreloadTest {

    /** Set by {@link Initialised}'s static initialiser, which linking must not run. */
    static volatile boolean initialised;

    static final class Initialised {
        static {
            initialised = true;
        }
    }

    @Test
    void theClassesAreLinkedNotInitialisedAndWhatIsNoClassIsSkipped() {
        String list = String.join("\n", "# a comment", "@lambda-proxy java/lang/Runnable run",
                Initialised.class.getName().replace('.', '/'), "ru/rabota/bridge/NoSuchClass",
                "java/util/ArrayList source: jrt:/java.base", "");

        int linked = ClassPreload.link(getClass().getClassLoader(),
                new ByteArrayInputStream(list.getBytes(StandardCharsets.UTF_8)));

        assertThat(linked).isEqualTo(2);
        assertThat(initialised).isFalse();
    }

    /** A list older than a dependency upgrade links fewer classes each time: write it again (StartupClasses). */
    @Test
    void nearlyEveryClassTheListNamesIsOnTheClassPath() throws IOException {
        ClassLoader loader = getClass().getClassLoader();
        List<String> names;
        try (InputStream list = loader.getResourceAsStream(ClassPreload.LIST)) {
            assertThat(list).as(ClassPreload.LIST).isNotNull();
            names = new String(list.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.startsWith("#")).toList();
        }
        long missing = names.stream().filter(name -> loader.getResource(name + ".class") == null).count();

        assertThat(names).hasSizeGreaterThan(5_000);
        assertThat(missing).as("classes of the list not on the class path, of " + names.size()).isLessThan(
                names.size() / 20);
    }
}
