package ru.rabota.bridge;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ApplicationTest {

    @TempDir
    Path workingDir;

    @AfterEach
    void clearSystemProperties() {
        System.clearProperty("camel.main.profile");
        System.clearProperty(Application.CUSTOMER_CONFIG);
    }

    @Test
    void workingFolderConfigComesBeforeTheJarsCopy() {
        assertThat(Application.propertyLocations(workingDir)).isEqualTo(
                "file:" + workingDir.resolve("config/application.properties") + ";optional=true,"
                        + "classpath:application.properties;optional=true");
    }

    @Test
    void customerFileThenProfileThenBase() {
        System.setProperty("camel.main.profile", "sandbox");
        System.setProperty(Application.CUSTOMER_CONFIG, "config/customers/acme.properties");

        assertThat(Application.propertyLocations(workingDir).split(",")).containsExactly(
                "file:config/customers/acme.properties",
                "file:" + workingDir.resolve("config/application-sandbox.properties") + ";optional=true",
                "classpath:application-sandbox.properties;optional=true",
                "file:" + workingDir.resolve("config/application.properties") + ";optional=true",
                "classpath:application.properties;optional=true");
    }

    @Test
    void routesFromTheWorkingFolderWhenItHasThem() throws Exception {
        assertThat(Application.routesIncludePattern(workingDir)).isEqualTo("classpath:routes/*.camel.yaml");

        Files.createDirectory(workingDir.resolve("routes"));

        assertThat(Application.routesIncludePattern(workingDir))
                .isEqualTo("file:" + workingDir.resolve("routes") + "/*.camel.yaml");
    }
}
