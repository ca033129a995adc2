package ru.rabota.sandbox.vk;

import java.net.http.HttpRequest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulator holds a client to the document's requests (VkDocument): a parameter, a field or a body type the
 * document does not have is refused with 422 naming it, before the request is carried out, as a strict peer written
 * from the document would refuse it; the document's own requests pass.
 */
class VkDocumentedRequestsTest extends VkSimulatorTestSupport {

    @Test
    void aQueryParameterTheDocumentDoesNotNameIsRefused() throws Exception {
        Answer unknown = get("/applications?page%5Bnumber%5D=1&state=read");
        Answer pages = get("/applications?page%5Bnumber%5D=1&page%5Bsize%5D=50&created_from=2019-03-01+00%3A00%3A00"
                + "&job_id=199&status%5B%5D=reserved&status%5B%5D=improper");
        Answer unpaged = get("/company?page%5Bnumber%5D=1");

        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.detail()).contains("'state'");
        assertThat(pages.status()).isEqualTo(200);
        assertThat(unpaged.status()).isEqualTo(422);
    }

    @Test
    void aJobAttributeTheModelDoesNotHaveOrAFieldAtTheWrongNestingIsRefused() throws Exception {
        String job = "{\"title\":\"Курьер\",\"description\":\"Доставка\",\"lat\":55.35,\"long\":37.55,"
                + "\"address\":\"Москва\"%s}";
        Answer unknown = post("/jobs", "{\"job\":" + job.formatted(",\"salary\":50000") + ",\"profession_id\":3}");
        Answer nested = post("/jobs", "{\"job\":" + job.formatted(",\"profession_id\":3,\"publication_type\":"
                + "\"job_publish\"") + "}");
        Answer topLevel = post("/jobs", "{\"job\":" + job.formatted("") + ",\"profession_id\":3,\"title\":\"x\"}");
        Answer documented = post("/jobs", "{\"job\":" + job.formatted(",\"external_id\":\"HR-1\",\"remote\":true")
                + ",\"profession_id\":3,\"publication_type\":\"job_publish\"}");

        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.detail()).contains("'job.salary'");
        // profession_id is a field of the body, beside job (the document's example), and so is publication_type
        assertThat(nested.status()).isEqualTo(422);
        assertThat(nested.detail()).contains("'job.publication_type'");
        assertThat(topLevel.status()).isEqualTo(422);
        assertThat(documented.status()).isEqualTo(200);
    }

    @Test
    void aBodyOfAnotherTypeThanTheDocumentsIsRefused() throws Exception {
        Answer sessionAsJson = send(request("/session").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"login\":\"x\",\"password\":\"y\"}")));
        Answer proceedAsForm = send(authed("/applications/1/proceed")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("application%5Bstatus%5D=invited")));
        Answer backgroundAsJson = put("/background", "{\"job_ids\":[\"1\"]}");

        assertThat(sessionAsJson.status()).isEqualTo(422);
        assertThat(sessionAsJson.detail()).contains("application/x-www-form-urlencoded");
        assertThat(proceedAsForm.status()).isEqualTo(422);
        assertThat(backgroundAsJson.status()).isEqualTo(422);
        assertThat(backgroundAsJson.detail()).contains("multipart/form-data");
    }
}
