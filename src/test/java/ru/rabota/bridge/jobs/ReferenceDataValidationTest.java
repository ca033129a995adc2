package ru.rabota.bridge.jobs;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import ru.rabota.sandbox.http.RecordedRequest;

import static org.assertj.core.api.Assertions.assertThat;

/** Job validation against the reference data the bundle reads from GET /professions, not a test directory. */
class ReferenceDataValidationTest extends JobsTestSupport {

    @Override
    protected Map<String, Object> beans() {
        return Map.of();
    }

    @Test
    void aProfessionTitleResolvesThroughTheCachedProfessionList() {
        send("REF-1", """
                {"command":"upsert","external_id":"REF-1","profession":"  Курьер ",
                 "job":{"title":"Курьер","description":"Доставка заказов по городу","lat":55.75,"long":37.61,
                        "address":"Москва, Тверская улица, 1"}}""");

        JsonNode event = events("REF-1", 1).get(0);

        assertThat(event.path("event").asText()).isEqualTo("created");
        List<RecordedRequest> creates = apiRequests().stream().filter(request -> request.is("POST", "/jobs")).toList();
        assertThat(creates).anySatisfy(request -> assertThat(json(request.body()).path("profession_id").asInt())
                .isEqualTo(3));
    }

    @Test
    void aProfessionIdMissingFromTheListIsRejectedWithoutACall() {
        send("REF-2", upsert("REF-2", "r-2", "Кладовщик").replace("\"profession_id\":3", "\"profession_id\":999"));

        JsonNode event = events("REF-2", 1).get(0);

        assertThat(event.path("event").asText()).isEqualTo("rejected");
        assertThat(event.path("error").path("detail").asText())
                .contains("profession_id: 999 is not in the profession directory");
        assertThat(apiRequests()).noneMatch(request -> request.body().contains("REF-2"));
    }
}
