package ru.rabota.bridge.hh;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.jobs.JobCommandParser;

class HhVacancyRequestsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String PUBLISHED = """
            {"name":"Курьер","code":"HR-1","area":{"id":"1"},"type":{"id":"open"},
             "billing_type":{"id":"standard"},"manager":{"id":"10"}}""";

    @Test
    void theEditableFieldsGoFirstThenABillingTypeThenAManagerEachAlone() throws Exception {
        ObjectNode body = json(PUBLISHED.replace("Курьер", "Курьер на авто").replace("standard", "premium")
                .replace("\"10\"", "\"11\""));

        assertThat(HhVacancyRequests.edits(json(PUBLISHED), body)).containsExactly(
                json("{\"name\":\"Курьер на авто\",\"code\":\"HR-1\"}"),
                json("{\"billing_type\":{\"id\":\"premium\"}}"),
                json("{\"manager\":{\"id\":\"11\"}}"));
    }

    /**
     * The publication with properties (VacancyCreateFieldsWithProperties) sets vacancy_properties instead of type and
     * billing_type; PUT /vacancies/{id} (VacancyEdit) has no such field, so an edit never sends it, and a change of it
     * is one of a field set at publication only.
     */
    @Test
    void vacancyPropertiesAreSetAtPublicationOnly() throws Exception {
        String published = """
                {"name":"Курьер","code":"HR-1","area":{"id":"1"},
                 "vacancy_properties":{"properties":[{"property_type":"HH_STANDARD"}]}}""";
        ObjectNode renamed = json(published.replace("Курьер", "Курьер на авто"));

        assertThat(HhVacancyRequests.edits(json(published), renamed))
                .containsExactly(json("{\"name\":\"Курьер на авто\",\"code\":\"HR-1\"}"));
        assertThat(HhVacancyRequests.createOnlyChanges(json(published),
                json(published.replace("HH_STANDARD", "HH_PREMIUM")))).containsExactly("hh.vacancy_properties");
    }

    @Test
    void onlyWhatChangedIsSentAndAChangeOfNothingEditableStillEdits() throws Exception {
        ObjectNode upgraded = json(PUBLISHED.replace("standard", "premium"));
        assertThat(HhVacancyRequests.edits(json(PUBLISHED), upgraded))
                .containsExactly(json("{\"billing_type\":{\"id\":\"premium\"}}"));
        // no vacancy body recorded (a record from before bodies were kept): the editable fields, as before
        assertThat(HhVacancyRequests.edits(null, upgraded))
                .containsExactly(json("{\"name\":\"Курьер\",\"code\":\"HR-1\"}"));
    }

    /**
     * A salary built for the request (a big-integer node) and the same salary read back from the state (an int
     * node) are the same: only the billing type changed. Before, Jackson's node equality told them apart, and the
     * unchanged editable fields were sent again, an edit hh.ru did not need.
     */
    @Test
    void numbersAreComparedByValueNotByHowTheyWereRead() throws Exception {
        ObjectNode built = json(PUBLISHED.replace("standard", "premium"));
        built.putObject("salary_range").put("from", java.math.BigInteger.valueOf(50000)).put("currency", "RUR");
        JsonNode stored = json("""
                {"name":"Курьер","code":"HR-1","area":{"id":"1"},"type":{"id":"open"},
                 "billing_type":{"id":"standard"},"manager":{"id":"10"},
                 "salary_range":{"from":50000,"currency":"RUR"}}""");

        assertThat(HhVacancyRequests.edits(stored, built))
                .containsExactly(json("{\"billing_type\":{\"id\":\"premium\"}}"));
    }

    @Test
    void aFieldTheNewCommandNoLongerHasIsClearedNotLeftAsItWas() throws Exception {
        JsonNode published = json("""
                {"name":"Курьер","code":"HR-1","area":{"id":"1"},"type":{"id":"open"},
                 "billing_type":{"id":"standard"},"manager":{"id":"10"},
                 "salary_range":{"from":50000,"currency":"RUR"},"address":{"id":"7"}}""");
        ObjectNode body = json(PUBLISHED);

        // before, the edit left them out, and hh.ru kept the old salary and address
        assertThat(HhVacancyRequests.edits(published, body)).containsExactly(
                json("{\"name\":\"Курьер\",\"code\":\"HR-1\",\"salary_range\":null,\"address\":null}"));
        // what hh.ru holds after it: the new body
        assertThat(HhVacancyRequests.edited(published, body, HhVacancyRequests.edits(published, body).get(0)))
                .isEqualTo(body);
    }

    @Test
    void aBareIdOfAnyDictionaryFieldGoesInHhRusShape() throws Exception {
        ObjectNode body = bodyWithHh("{\"fly_in_fly_out_duration\":\"DAYS_15\",\"branded_template\":\"marketing\"}");

        assertThat(body.get("fly_in_fly_out_duration")).isEqualTo(MAPPER.readTree("[{\"id\":\"DAYS_15\"}]"));
        assertThat(body.get("branded_template")).isEqualTo(json("{\"id\":\"marketing\"}"));
    }

    @Test
    void aFeedCellOfSeveralIdsIsAListOnlyForAListFieldAndABarInATextStaysText() throws Exception {
        // a feed's hh.* cells arrive as text: work_format "REMOTE|HYBRID", a description with a bar in it
        ObjectNode body = bodyWithHh("{\"work_format\":\"REMOTE|HYBRID\","
                + "\"description\":\"<p>Оформление | выплаты дважды в месяц</p>\"}");

        assertThat(body.get("work_format")).isEqualTo(MAPPER.readTree("[{\"id\":\"REMOTE\"},{\"id\":\"HYBRID\"}]"));
        // before, a list: hh.description 0 characters
        assertThat(body.get("description").asText()).isEqualTo("<p>Оформление | выплаты дважды в месяц</p>");
    }

    @Test
    void anHourlyOrDailySalaryGoesByTheHourOrTheShift() throws Exception {
        String hourly = """
                {"command":"upsert","external_id":"HR-1","job":{"title":"Курьер","salary_from":300,
                 "salary_period":"hourly"}}""";

        // before, left out: the vacancy went to hh.ru without its salary
        assertThat(HhVacancyRequests.body(JobCommandParser.parse(json(hourly))).get("salary_range").toString())
                .isEqualTo("{\"from\":300,\"currency\":\"RUR\",\"gross\":false,\"mode\":{\"id\":\"HOUR\"}}");
        assertThat(HhVacancyRequests.body(JobCommandParser.parse(json(hourly.replace("hourly", "daily"))))
                .at("/salary_range/mode/id").asText()).isEqualTo("SHIFT");
    }

    @Test
    void theVacancyAsHhRuHoldsItAfterEachEdit() throws Exception {
        JsonNode published = json(PUBLISHED);
        ObjectNode body = json(PUBLISHED.replace("Курьер", "Курьер на авто").replace("standard", "premium"));
        ObjectNode edited = HhVacancyRequests.edited(published, body, HhVacancyRequests.edits(published, body).get(0));

        // the new content with the billing type hh.ru still has, then the new one
        assertThat(edited).isEqualTo(json(PUBLISHED.replace("Курьер", "Курьер на авто")));
        assertThat(HhVacancyRequests.edited(edited, body, json("{\"billing_type\":{\"id\":\"premium\"}}")))
                .isEqualTo(body);
    }

    /** The hh.ru body of an upsert of HR-1 with this hh object. */
    private static ObjectNode bodyWithHh(String hh) throws Exception {
        return HhVacancyRequests.body(JobCommandParser.parse(json("{\"command\":\"upsert\",\"external_id\":\"HR-1\","
                + "\"hh\":" + hh + "}")));
    }

    private static ObjectNode json(String text) throws Exception {
        return (ObjectNode) MAPPER.readTree(text);
    }
}
