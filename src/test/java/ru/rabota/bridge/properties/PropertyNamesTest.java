package ru.rabota.bridge.properties;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ru.rabota.bridge.LogCapture;

class PropertyNamesTest {

    private static final String PREFIX = "bridge.vas.daily-limit.";
    private static final List<String> ACTIONS = List.of("job_highlight", "job_elevate_1d");

    @Test
    void anUnknownMemberOfAFamilyIsNamedWhereverItIsSet() {
        Properties file = new Properties();
        file.put(PREFIX + "job_highlite", "1");
        file.put(PREFIX + "job_highlight", "2");
        PropertiesComponent properties = new DefaultCamelContext().getPropertiesComponent();
        properties.setInitialProperties(file);

        try (LogCapture logs = new LogCapture()) {
            PropertyNames.reportUnknown(properties, PREFIX, ACTIONS, LoggerFactory.getLogger(getClass()),
                    "names no paid action and limits nothing",
                    Map.of(PREFIX + "job_elevate_id", "3", PREFIX + "job_elevate_1d", "3", "java.version", "17"),
                    Map.of("BRIDGE_VAS_DAILY_LIMIT_JOB_HIGLIGHT", "4", "BRIDGE_VAS_DAILY_LIMIT_JOB_ELEVATE_1D", "4",
                            "PATH", "/bin"));

            assertThat(logs.lines("WARN", "bridge.vas.daily-limit.job_highlite names no paid action and limits"
                    + " nothing; known: [job_highlight, job_elevate_1d]")).isOne();
            // before, a misspelt limit given with -D or in the environment passed without a word
            assertThat(logs.lines("WARN", "bridge.vas.daily-limit.job_elevate_id names no paid action")).isOne();
            assertThat(logs.lines("WARN", "BRIDGE_VAS_DAILY_LIMIT_JOB_HIGLIGHT (the environment) names no paid"
                    + " action")).isOne();
            assertThat(logs.lines("WARN", "")).isEqualTo(3);
        }
    }
}
