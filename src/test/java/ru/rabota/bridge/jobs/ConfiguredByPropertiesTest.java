package ru.rabota.bridge.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.testing.TestApplication;

/**
 * The bundle in a Camel runtime configured by properties only (README, "Into your own Camel runtime"): its
 * configuration classes and its route configuration named in {@code camel.main.*} properties, no call into its
 * {@code Application}. The job flow runs, and an API call is retried as the route configuration says.
 */
class ConfiguredByPropertiesTest extends JobsTestSupport {

    @Override
    protected TestApplication startApplication(Map<String, String> properties, Map<String, Object> beans) {
        return TestApplication.startConfiguredByProperties(properties, beans);
    }

    @Test
    void anUpsertCreatesTheJob() {
        send("PROP-1", upsert("PROP-1", "p-1", "Кладовщик"));
        JsonNode created = events("PROP-1", 1).get(0);

        assertThat(created.path("event").asText()).isEqualTo("created");
        assertThat(created.at("/job/title").asText()).isEqualTo("Кладовщик");
        assertThat(requestsFor("PROP-1", null)).extracting(request -> request.method() + " " + request.path())
                .containsExactly("POST /jobs");
    }

    @Test
    void aCallThatFailsIsRetriedByTheRouteConfigurationTheHostNamed() {
        send("PROP-2", upsert("PROP-2", "p-2", "Грузчик"));
        String jobId = events("PROP-2", 1).get(0).path("job_id").asText();
        // without the api-retry route configuration, Camel's default error handler would end the update at the first
        // 503: a dead letter instead of the event
        sim.faults().onPaths("/jobs/" + jobId).failNext(2, 503);
        send("PROP-2", upsert("PROP-2", "p-3", "Старший грузчик"));

        assertThat(events("PROP-2", 2).get(1).path("event").asText()).isEqualTo("updated");
        assertThat(requestsFor("PROP-2", jobId)).extracting(request -> request.method() + " " + request.status())
                .containsExactly("POST 200", "PUT 503", "PUT 503", "PUT 200");
    }
}
