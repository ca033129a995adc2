package ru.rabota.bridge.hh;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The contract's application event from an hh.ru list item. */
class HhApplicationEventTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void aStatusChangeOfANegotiationWithoutResume() throws Exception {
        JsonNode item = MAPPER.readTree("""
                {"id":"77","created_at":"2015-05-14T00:00:00+0300","state":{"id":"invitation"},"resume":null}""");

        assertThat(MAPPER.valueToTree(HhApplicationEvent.of(item, "123456", "invited", "response")).toString())
                .isEqualTo("{\"event\":\"application.status_changed\",\"source\":\"hh\",\"application_id\":\"77\","
                        + "\"job_id\":\"123456\",\"external_job_id\":null,\"status\":\"invitation\","
                        + "\"previous_status\":\"response\",\"created_at\":\"2015-05-14T00:00:00+03:00\","
                        + "\"collection\":\"invited\",\"candidate\":null}");
    }

    @Test
    void hhTimesBecomeIsoTimes() {
        assertThat(HhApplicationEvent.isoTime("2015-05-14T00:00:00+0300")).isEqualTo("2015-05-14T00:00:00+03:00");
        assertThat(HhApplicationEvent.isoTime("yesterday")).isEqualTo("yesterday");
        assertThat(HhApplicationEvent.isoTime(null)).isNull();
    }
}
