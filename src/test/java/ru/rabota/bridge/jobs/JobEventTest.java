package ru.rabota.bridge.jobs;

import org.junit.jupiter.api.Test;

import ru.rabota.bridge.json.BridgeJson;

import static org.assertj.core.api.Assertions.assertThat;

class JobEventTest {

    @Test
    void aCreatedEventCarriesTheJobAsTheApiReturnedIt() throws Exception {
        JobCommand command = new JobCommand("upsert", "HR-1001", "r-1", 3, null, null, null, null);
        JobEvent event = JobEvent.done(Outcome.CREATED, command, JobEvent.KAFKA, "651",
                BridgeJson.MAPPER.readTree("{\"title\": \"Повар\", \"expires_at\": \"2019-04-11T12:41:29.237+03:00\"}"))
                .onBoard("vkrabota");

        assertThat(BridgeJson.MAPPER.writeValueAsString(event)).isEqualTo("""
                {"event":"created","board":"vkrabota","external_id":"HR-1001","job_id":"651","request_id":"r-1","origin":"kafka",\
                "job":{"title":"Повар","expires_at":"2019-04-11T12:41:29.237+03:00"},"error":null}""");
    }

    @Test
    void aRejectedEventSaysWhy() throws Exception {
        JobEvent event = JobEvent.refused(Outcome.REJECTED, "HR-7", null, "csv:jobs.csv#12", 422,
                "Возникли ошибки: Поле 'Адрес' не может быть пустым").onBoard("hh");

        assertThat(BridgeJson.MAPPER.writeValueAsString(event)).isEqualTo("""
                {"event":"rejected","board":"hh","external_id":"HR-7","job_id":null,"request_id":null,"origin":"csv:jobs.csv#12",\
                "job":null,"error":{"http_status":422,"detail":"Возникли ошибки: Поле 'Адрес' не может быть пустым"}}""");
    }
}
