package ru.rabota.bridge.vk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.apache.camel.Exchange;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.model.ModelCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import ru.rabota.bridge.LogCapture;
import ru.rabota.bridge.api.ApiException;
import ru.rabota.bridge.api.ApiHeaders;
import ru.rabota.bridge.api.Multipart;

class VkApiTest extends VkTestSupport {

    private static final Map<String, Object> IDS = Map.of(
            VkApi.JOB_ID, "651", VkApi.APPLICATION_ID, "1", VkApi.CANDIDATE_ID, "31136");

    @Test
    void fiftyCallersWithoutTokenShareOneSession() throws Exception {
        String token = freshJwt();
        VK.stubFor(session(token).willReturn(okJson("{\"token\":\"" + token + "\"}").withFixedDelay(300)));
        VK.stubFor(get(urlEqualTo("/jobs")).willReturn(okJson("{\"data\":[]}")));

        ExecutorService pool = Executors.newFixedThreadPool(50);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Exchange>> calls = new ArrayList<>();
        try (LogCapture logs = new LogCapture()) {
            for (int i = 0; i < 50; i++) {
                calls.add(pool.submit((Callable<Exchange>) () -> {
                    start.await();
                    return call("vk-list-jobs", Map.of(), null);
                }));
            }
            start.countDown();
            for (Future<Exchange> call : calls) {
                Exchange done = call.get();
                assertThat(done.getException()).isNull();
                assertThat(done.getMessage().getBody(JsonNode.class).path("data").isArray()).isTrue();
            }
            assertThat(logs.text()).doesNotContain(token).doesNotContain(PASSWORD);
        } finally {
            pool.shutdownNow();
        }
        assertThat(VK.findAll(postRequestedFor(urlEqualTo("/session")))).hasSize(1);
        assertThat(VK.findAll(getRequestedFor(urlEqualTo("/jobs")).withHeader("Authorization", equalTo("Worki " + token))))
                .hasSize(50);
    }

    @Test
    void sessionIsRequestedWithFormEncodedLoginAndPassword() {
        VK.stubFor(session(freshJwt()));
        VK.stubFor(get(urlEqualTo("/company")).willReturn(okJson("{\"data\":{}}")));

        call("vk-get-company", Map.of(), null);

        LoggedRequest request = VK.findAll(postRequestedFor(urlEqualTo("/session"))).get(0);
        assertThat(request.getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
        assertThat(request.getBodyAsString()).isEqualTo("login=acme-api&password=S3cret%26pass%3D1%202");
        assertThat(request.formParameters().get("password").firstValue()).isEqualTo(PASSWORD);
    }

    @Test
    void refusedTokenIsReplacedOnceAndTheCallRepeatedOnce() {
        String stale = freshJwt() + "stale";
        String fresh = freshJwt();
        inTurn(session(stale), session(fresh));
        VK.stubFor(get(urlEqualTo("/jobs/651")).withHeader("Authorization", equalTo("Worki " + stale))
                .willReturn(invalidJwt()));
        VK.stubFor(get(urlEqualTo("/jobs/651")).withHeader("Authorization", equalTo("Worki " + fresh))
                .willReturn(okJson("{\"data\":[{\"id\":\"651\",\"type\":\"job\"}]}")));

        Exchange done = call("vk-get-job", IDS, null);

        assertThat(done.getException()).isNull();
        assertThat(done.getMessage().getBody(JsonNode.class).at("/data/0/id").asText()).isEqualTo("651");
        assertThat(VK.findAll(postRequestedFor(urlEqualTo("/session")))).hasSize(2);
        assertThat(VK.findAll(getRequestedFor(urlEqualTo("/jobs/651")))).extracting(r -> r.getHeader("Authorization"))
                .containsExactly("Worki " + stale, "Worki " + fresh);
    }

    @Test
    void tenCallsRefusedAtOnceRenewTheTokenOnce() throws Exception {
        String stale = freshJwt() + "stale";
        String fresh = freshJwt();
        inTurn(session(stale), session(fresh));
        VK.stubFor(get(urlEqualTo("/company")).withHeader("Authorization", equalTo("Worki " + stale))
                .willReturn(invalidJwt().withFixedDelay(200)));
        VK.stubFor(get(urlEqualTo("/company")).withHeader("Authorization", equalTo("Worki " + fresh))
                .willReturn(okJson("{\"data\":{}}")));
        tokens().token();

        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Future<Exchange>> calls = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                calls.add(pool.submit(() -> call("vk-get-company", Map.of(), null)));
            }
            for (Future<Exchange> call : calls) {
                assertThat(call.get().getException()).isNull();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(VK.findAll(postRequestedFor(urlEqualTo("/session")))).hasSize(2);
    }

    @Test
    void secondRefusalInARowFailsWith401InsteadOfLooping() {
        VK.stubFor(session(freshJwt()));
        VK.stubFor(get(urlEqualTo("/jobs/651")).willReturn(invalidJwt()));

        Exchange done = call("vk-get-job", IDS, null);

        ApiException failure = done.getException(ApiException.class);
        assertThat(failure.httpStatus()).isEqualTo(401);
        assertThat(failure.detail()).isEqualTo("Invalid JWT Token");
        assertThat(failure.retryable()).isFalse();
        assertThat(VK.findAll(getRequestedFor(urlEqualTo("/jobs/651")))).hasSize(2);
        assertThat(VK.findAll(postRequestedFor(urlEqualTo("/session")))).hasSize(2);
    }

    @Test
    void refusedCredentialsFailFastMarkHealthDownAndAreNeverLogged() {
        VK.stubFor(sessionRefused());
        try (LogCapture logs = new LogCapture()) {
            Exchange first = call("vk-list-jobs", Map.of(), null);

            VkCredentialsException refused = first.getException(VkCredentialsException.class);
            assertThat(refused).isNotNull();
            assertThat(refused.getMessage())
                    .isEqualTo("VK POST /session -> 401 Invalid Auth params (credentials refused: check bridge.vk.login and bridge.vk.password)");
            assertThat(refused.retryable()).isFalse();
            assertThat(vkSessionHealth().getState()).isEqualTo(HealthCheck.State.DOWN);

            for (int i = 0; i < 10; i++) {
                assertThat(call("vk-list-jobs", Map.of(), null).getException()).isInstanceOf(VkCredentialsException.class);
            }
            assertThat(VK.findAll(postRequestedFor(urlEqualTo("/session")))).hasSize(1);
            assertThat(VK.findAll(getRequestedFor(urlEqualTo("/jobs")))).isEmpty();
            assertThat(logs.lines("ERROR", "refused the login 'acme-api'")).isEqualTo(1);
            assertThat(logs.text()).doesNotContain(PASSWORD);
        }
        tokens().reset();
        assertThat(vkSessionHealth().getState()).isEqualTo(HealthCheck.State.UP);
    }

    @Test
    void categoriesAreReadWithoutAToken() {
        VK.stubFor(get(urlEqualTo("/categories")).willReturn(okJson("{\"data\":[{\"id\":\"1\",\"type\":\"category\"}]}")));

        Exchange done = call("vk-list-categories", Map.of(), null);

        assertThat(done.getMessage().getBody(JsonNode.class).at("/data/0/type").asText()).isEqualTo("category");
        assertThat(VK.findAll(getRequestedFor(urlEqualTo("/categories"))).get(0).containsHeader("Authorization")).isFalse();
        assertThat(VK.findAll(postRequestedFor(urlEqualTo("/session")))).isEmpty();
    }

    @Test
    void rejectionKeepsTheApiDetailAndLeavesTheMessageAsItWas() {
        VK.stubFor(session(freshJwt()));
        VK.stubFor(post(urlEqualTo("/jobs")).willReturn(aResponse().withStatus(422)
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody("{\"errors\":[{\"detail\":\"Возникли ошибки: Поле 'Адрес' не может быть пустым\"}]}")));
        Map<String, Object> job = Map.of("job", Map.of("title", "test title"));

        Exchange done = call("vk-create-job", Map.of("bridgeCorrelation", "r-1"), job);

        ApiException failure = done.getException(ApiException.class);
        assertThat(failure.getMessage()).isEqualTo("VK POST /jobs -> 422 Возникли ошибки: Поле 'Адрес' не может быть пустым");
        assertThat(failure.httpStatus()).isEqualTo(422);
        assertThat(failure.method()).isEqualTo("POST");
        assertThat(failure.path()).isEqualTo("/jobs");
        assertThat(done.getMessage().getBody()).isSameAs(job);
        assertThat(done.getMessage().getHeaders()).containsEntry("bridgeCorrelation", "r-1")
                .doesNotContainKey(Exchange.HTTP_RESPONSE_CODE);
        assertThat(done.getProperty(ApiHeaders.ATTEMPTS)).isEqualTo(1);
        assertThat(VK.findAll(postRequestedFor(urlEqualTo("/jobs")))).hasSize(1);
    }

    @Test
    void bodyIsSentAsJsonAndTheAnswerComesBackAsJsonNode() {
        VK.stubFor(session(freshJwt()));
        VK.stubFor(post(urlEqualTo("/applications/1/proceed"))
                .willReturn(okJson("{\"data\":{\"id\":\"1\",\"attributes\":{\"status\":\"invited\"}}}")));

        Exchange done = call("vk-proceed-application", IDS, Map.of("application", Map.of("status", "invited")));

        assertThat(done.getMessage().getBody(JsonNode.class).at("/data/attributes/status").asText()).isEqualTo("invited");
        assertThat(done.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(200);
        assertThat(done.getMessage().getHeaders()).containsEntry(ApiHeaders.PATH, "/applications/1/proceed")
                .containsEntry(VkApi.APPLICATION_ID, "1");
        LoggedRequest sent = VK.findAll(postRequestedFor(urlEqualTo("/applications/1/proceed"))).get(0);
        assertThat(sent.getHeader("Content-Type")).startsWith("application/json");
        assertThat(sent.getHeader("Accept")).isEqualTo("application/json");
        assertThat(sent.getBodyAsString()).isEqualTo("{\"application\":{\"status\":\"invited\"}}");
    }

    @Test
    void queryParametersAreEncodedAndListsRepeated() {
        VK.stubFor(session(freshJwt()));
        VK.stubFor(get(urlPathEqualTo("/packets")).willReturn(okJson("{\"items\":[]}")));
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("page[number]", 2);
        query.put("status[]", List.of("active", "archived"));
        query.put("fias_id", "0c5b2444 70a0");
        query.put("ignored", null);

        call("vk-list-packets", Map.of(ApiHeaders.QUERY, query), null);

        assertThat(VK.findAll(getRequestedFor(urlPathEqualTo("/packets"))).get(0).getUrl())
                .isEqualTo("/packets?page%5Bnumber%5D=2&status%5B%5D=active&status%5B%5D=archived&fias_id=0c5b2444%2070a0");
    }

    @Test
    void emptyAnswerBecomesNullNodeAndDeleteCarriesItsBody() {
        VK.stubFor(session(freshJwt()));
        VK.stubFor(any(urlEqualTo("/background")).willReturn(aResponse().withStatus(204)));

        Exchange done = call("vk-delete-background", Map.of(), "{\"job_ids\":[\"39085\"]}");

        assertThat(done.getMessage().getBody()).isSameAs(NullNode.instance);
        assertThat(VK.getAllServeEvents().get(0).getRequest().getBodyAsString()).isEqualTo("{\"job_ids\":[\"39085\"]}");
    }

    @Test
    void multipartBodyIsSentAsFormDataWithRepeatedFields() {
        VK.stubFor(session(freshJwt()));
        VK.stubFor(put(urlEqualTo("/background")).willReturn(okJson("{\"data\":[]}")));
        Multipart form = new Multipart().file("data", new byte[] {1, 2, 3}, "image/jpeg", "фон.jpg")
                .field("job_ids[]", "39085").field("job_ids[]", "39086").field("crop_w", "640");

        Exchange done = call("vk-upload-background", Map.of(), form);

        assertThat(done.getException()).isNull();
        LoggedRequest request = VK.findAll(putRequestedFor(urlEqualTo("/background"))).get(0);
        assertThat(request.getHeader("Content-Type")).startsWith("multipart/form-data; boundary=");
        assertThat(request.getPart("data").getBody().asBytes()).containsExactly(1, 2, 3);
        assertThat(request.getPart("data").getHeader("Content-Disposition").firstValue()).contains("filename=\"фон.jpg\"");
        assertThat(request.getParts()).filteredOn(part -> part.getName().equals("job_ids[]"))
                .extracting(part -> part.getBody().asString()).containsExactly("39085", "39086");
        assertThat(request.getPart("crop_w").getBody().asString()).isEqualTo("640");
    }

    static Stream<Arguments> operations() {
        return Stream.of(
                Arguments.of("vk-list-jobs", "GET", "/jobs"),
                Arguments.of("vk-create-job", "POST", "/jobs"),
                Arguments.of("vk-update-job", "PUT", "/jobs/651"),
                Arguments.of("vk-get-job", "GET", "/jobs/651"),
                Arguments.of("vk-close-job", "POST", "/jobs/651/close"),
                Arguments.of("vk-revive-job", "POST", "/jobs/651/revive"),
                Arguments.of("vk-list-categories", "GET", "/categories"),
                Arguments.of("vk-list-professions", "GET", "/professions"),
                Arguments.of("vk-list-regions", "GET", "/regions"),
                Arguments.of("vk-list-cities", "GET", "/cities"),
                Arguments.of("vk-list-nationalities", "GET", "/nationalities"),
                Arguments.of("vk-list-applications", "GET", "/applications"),
                Arguments.of("vk-proceed-application", "POST", "/applications/1/proceed"),
                Arguments.of("vk-get-company", "GET", "/company"),
                Arguments.of("vk-list-vas-transactions", "GET", "/vas_transactions"),
                Arguments.of("vk-apply-paid-actions", "POST", "/paid_actions"),
                Arguments.of("vk-search-candidates", "GET", "/candidates"),
                Arguments.of("vk-get-candidate-phone", "GET", "/candidates/31136/phone"),
                Arguments.of("vk-list-packets", "GET", "/packets"),
                Arguments.of("vk-packets-balance", "GET", "/packets/categories_balance"),
                Arguments.of("vk-upload-background", "PUT", "/background"),
                Arguments.of("vk-delete-background", "DELETE", "/background"));
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @MethodSource("operations")
    void eachOperationCallsItsMethodAndPathUnderTheRetryPolicy(String operation, String method, String path) {
        VK.stubFor(session(freshJwt()));
        VK.stubFor(any(anyUrl()).atPriority(10).willReturn(okJson("{\"data\":[]}")));

        Exchange done = call(operation, IDS, "{}");

        assertThat(done.getException()).isNull();
        LoggedRequest request = VK.getAllServeEvents().stream().map(e -> e.getRequest())
                .filter(r -> !r.getUrl().equals("/session")).findFirst().orElseThrow();
        assertThat(request.getMethod().getName() + " " + request.getUrl()).isEqualTo(method + " " + path);
        assertThat(context.getRoute(operation)).isNotNull();
        assertThat(((ModelCamelContext) context).getRouteDefinition(operation).getRouteConfigurationId()).isEqualTo("api-retry");
    }

    private HealthCheck.Result vkSessionHealth() {
        return HealthCheckHelper.invokeReadiness(context, "full").stream()
                .filter(result -> result.getCheck().getId().equals("vk-session")).findFirst().orElseThrow();
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder invalidJwt() {
        return aResponse().withStatus(401).withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody("{\"errors\":[{\"detail\":\"Invalid JWT Token\"}]}");
    }
}
