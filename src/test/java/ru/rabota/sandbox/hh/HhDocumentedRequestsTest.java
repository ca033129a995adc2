package ru.rabota.sandbox.hh;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulator holds a client to the specification's requests (HhDocument): a query parameter it does not name, or
 * a body of another type, is 400 {@code bad_argument} before the request is carried out; locale and host go
 * everywhere, and a collection's documented filters pass.
 */
class HhDocumentedRequestsTest extends HhSimulatorTestSupport {

    @Test
    void aQueryParameterTheSpecificationDoesNotNameIsABadArgument() throws Exception {
        HttpResponse<String> unknown = client.get("/negotiations?vacancy_id=123456&state=response");
        HttpResponse<String> documented = client.get("/negotiations?vacancy_id=123456&locale=RU&host=hh.ru");
        HttpResponse<String> vacancyWithPaging = client.get("/negotiations/123456789?page=0");

        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(HhTestClient.json(unknown).at("/errors/0/type").asText()).isEqualTo("bad_argument");
        assertThat(HhTestClient.json(unknown).at("/errors/0/value").asText()).contains("'state'");
        assertThat(documented.statusCode()).isEqualTo(200);
        assertThat(vacancyWithPaging.statusCode()).isEqualTo(400);
    }

    @Test
    void anActionTakesItsArgumentsAsAFormNotAsJson() throws Exception {
        HttpResponse<String> json = client.json("PUT", "/negotiations/invitation/123456789",
                "{\"message\":\"Ждём вас\"}");
        HttpResponse<String> unknownField = client.putForm("/negotiations/invitation/123456789",
                "message=%D0%96%D0%B4%D1%91%D0%BC&comment=x");

        assertThat(json.statusCode()).isEqualTo(400);
        assertThat(HhTestClient.json(json).at("/errors/0/value").asText())
                .contains("application/x-www-form-urlencoded");
        assertThat(unknownField.statusCode()).isEqualTo(400);
        assertThat(HhTestClient.json(unknownField).at("/errors/0/value").asText()).contains("'comment'");
    }
}
