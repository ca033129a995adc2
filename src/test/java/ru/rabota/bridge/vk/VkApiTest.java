package ru.rabota.bridge.vk;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.model.ModelCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import ru.rabota.bridge.LogCapture;
import ru.rabota.bridge.api.ApiException;
import ru.rabota.bridge.api.ApiHeaders;
import ru.rabota.bridge.api.Multipart;
import ru.rabota.sandbox.http.MultipartForm;
import ru.rabota.sandbox.http.RecordedRequest;
import ru.rabota.sandbox.vk.VkApplication;

class VkApiTest extends VkTestSupport {

    @Test
    void fiftyCallersWithoutTokenShareOneSession() throws Exception {
        vk.faults().beforeEach(path -> {
            if (path.equals("/session")) {
                pause(300);
            }
        });

        ExecutorService pool = Executors.newFixedThreadPool(50);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Exchange>> calls = new ArrayList<>();
        String logged;
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
            logged = logs.text();
        } finally {
            pool.shutdownNow();
        }
        assertThat(requests("POST", "/session")).hasSize(1);
        List<RecordedRequest> lists = requests("GET", "/jobs");
        assertThat(lists).hasSize(50).extracting(request -> request.header("Authorization")).containsOnly(
                lists.get(0).header("Authorization")).allSatisfy(authorization -> assertThat(authorization)
                        .startsWith("Worki ey"));
        assertThat(logged).doesNotContain(lists.get(0).header("Authorization").substring("Worki ".length()))
                .doesNotContain(PASSWORD);
    }

    @Test
    void sessionIsRequestedWithFormEncodedLoginAndPassword() {
        call("vk-get-company", Map.of(), null);

        RecordedRequest request = requests("POST", "/session").get(0);
        assertThat(request.header("Content-Type")).startsWith("application/x-www-form-urlencoded");
        assertThat(request.body()).isEqualTo("login=acme-api&password=S3cret%26pass%3D1%202");
        assertThat(URLDecoder.decode(request.body().substring(request.body().indexOf("password=") + 9),
                StandardCharsets.UTF_8)).isEqualTo(PASSWORD);
    }

    @Test
    void refusedTokenIsReplacedOnceAndTheCallRepeatedOnce() {
        String job = job("HR-1");
        // VK sees the first token expire while the bundle still holds it
        AtomicBoolean expired = new AtomicBoolean();
        vk.faults().beforeEach(path -> {
            if (path.equals("/jobs/" + job) && expired.compareAndSet(false, true)) {
                clock.advance(Duration.ofHours(2));
            }
        });

        Exchange done = call("vk-get-job", Map.of(VkApi.JOB_ID, job), null);

        assertThat(done.getException()).isNull();
        assertThat(done.getMessage().getBody(JsonNode.class).at("/data/id").asText()).isEqualTo(job);
        assertThat(requests("POST", "/session")).hasSize(2);
        List<RecordedRequest> gets = requests("GET", "/jobs/" + job);
        assertThat(gets).extracting(RecordedRequest::status).containsExactly(401, 200);
        assertThat(gets.get(0).header("Authorization")).isNotEqualTo(gets.get(1).header("Authorization"));
    }

    @Test
    void tenCallsRefusedAtOnceRenewTheTokenOnce() throws Exception {
        tokens().token();
        clock.advance(Duration.ofHours(2));
        vk.faults().beforeEach(path -> {
            if (path.equals("/company")) {
                pause(200);
            }
        });

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
        assertThat(requests("POST", "/session")).hasSize(2);
        assertThat(requests("GET", "/company")).extracting(RecordedRequest::status).contains(401, 200);
    }

    /**
     * A POST /jobs whose token VK refused (401: VK did not read it, so nothing was created) is sent once more with a
     * new token: one job, two POSTs, and no look-up by external_id, which only an answer that may have created the
     * job (none, or a 5xx) calls for.
     */
    @Test
    void aCreationRefusedForItsTokenIsSentOnceMoreAndCreatesOneJob() {
        tokens().token();
        clock.advance(Duration.ofHours(2));
        String body = """
                {"job": {"title": "Тестовая вакансия", "description": "Тестовое описание", "lat": 55.35,
                 "long": 37.55, "address": "Москва. Солянка ул., 9", "remote": true, "external_id": "HR-401"},
                 "profession_id": 3, "publication_type": "super_job_publish"}""";

        Exchange done = call("vk-create-job", Map.of(), body);

        assertThat(done.getException()).isNull();
        assertThat(requests("POST", "/jobs")).extracting(RecordedRequest::status).containsExactly(401, 200);
        assertThat(requests("POST", "/session")).hasSize(2);
        assertThat(requests("GET", "/jobs")).isEmpty();
        assertThat(vk.state().jobsByExternalId("HR-401")).hasSize(1);
        assertThat(done.getProperty(ApiHeaders.ATTEMPTS)).isEqualTo(1);
    }

    @Test
    void secondRefusalInARowFailsWith401InsteadOfLooping() {
        String job = job("HR-2");
        // every token expires before VK reads it
        vk.faults().beforeEach(path -> {
            if (path.equals("/jobs/" + job)) {
                clock.advance(Duration.ofHours(2));
            }
        });

        Exchange done = call("vk-get-job", Map.of(VkApi.JOB_ID, job), null);

        ApiException failure = done.getException(ApiException.class);
        assertThat(failure.httpStatus()).isEqualTo(401);
        assertThat(failure.detail()).isEqualTo("Invalid JWT Token");
        assertThat(failure.retryable()).isFalse();
        assertThat(requests("GET", "/jobs/" + job)).hasSize(2);
        assertThat(requests("POST", "/session")).hasSize(2);
    }

    @Test
    void categoriesAreReadWithoutAToken() {
        Exchange done = call("vk-list-categories", Map.of(), null);

        assertThat(done.getMessage().getBody(JsonNode.class).at("/data/0/type").asText()).isEqualTo("category");
        assertThat(requests("GET", "/categories").get(0).header("Authorization")).isNull();
        assertThat(requests("POST", "/session")).isEmpty();
    }

    @Test
    void rejectionKeepsTheApiDetailAndLeavesTheMessageAsItWas() {
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
        assertThat(requests("POST", "/jobs")).hasSize(1);
    }

    @Test
    void bodyIsSentAsJsonAndTheAnswerComesBackAsJsonNode() {
        String application = Long.toString(vk.seedApplications(1).get(0).id());

        Exchange done = call("vk-proceed-application", Map.of(VkApi.APPLICATION_ID, application),
                Map.of("application", Map.of("status", "invited")));

        assertThat(done.getMessage().getBody(JsonNode.class).at("/data/attributes/status").asText()).isEqualTo("invited");
        assertThat(done.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(200);
        String path = "/applications/" + application + "/proceed";
        assertThat(done.getMessage().getHeaders()).containsEntry(ApiHeaders.PATH, path)
                .containsEntry(VkApi.APPLICATION_ID, application);
        RecordedRequest sent = requests("POST", path).get(0);
        assertThat(sent.header("Content-Type")).startsWith("application/json");
        assertThat(sent.header("Accept")).isEqualTo("application/json");
        assertThat(sent.body()).isEqualTo("{\"application\":{\"status\":\"invited\"}}");
    }

    @Test
    void queryParametersAreEncodedAndListsRepeated() {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("page[number]", 2);
        query.put("status[]", List.of("active", "archived"));
        query.put("fias_id", "0c5b2444 70a0");
        query.put("ignored", null);

        call("vk-list-packets", Map.of(ApiHeaders.QUERY, query), null);

        assertThat(requests("GET", "/packets").get(0).rawQuery())
                .isEqualTo("page%5Bnumber%5D=2&status%5B%5D=active&status%5B%5D=archived&fias_id=0c5b2444%2070a0");
    }

    @Test
    void deleteCarriesItsBody() {
        Exchange done = call("vk-delete-background", Map.of(), "{\"job_ids\":[\"39085\"]}");

        assertThat(done.getException()).isNull();
        assertThat(requests("DELETE", "/background").get(0).body()).isEqualTo("{\"job_ids\":[\"39085\"]}");
    }

    @Test
    void multipartBodyIsSentAsFormDataWithRepeatedFields() {
        String first = job("HR-3");
        String second = job("HR-4");
        Multipart form = new Multipart().file("data", new byte[] {1, 2, 3}, "image/jpeg", "фон.jpg")
                .field("job_ids[]", first).field("job_ids[]", second).field("crop_w", "640");

        Exchange done = call("vk-upload-background", Map.of(), form);

        assertThat(done.getException()).isNull();
        assertThat(done.getMessage().getBody(JsonNode.class).path("data")).hasSize(2);
        RecordedRequest request = requests("PUT", "/background").get(0);
        assertThat(request.header("Content-Type")).startsWith("multipart/form-data; boundary=");
        MultipartForm sent = MultipartForm.parse(request.header("Content-Type"),
                request.body().getBytes(StandardCharsets.UTF_8)).orElseThrow();
        assertThat(sent.first("data").orElseThrow().content()).containsExactly(1, 2, 3);
        assertThat(sent.first("data").orElseThrow().fileName()).isEqualTo("фон.jpg");
        assertThat(sent.all("job_ids[]")).extracting(MultipartForm.Part::text).containsExactly(first, second);
        assertThat(sent.first("crop_w").orElseThrow().text()).isEqualTo("640");
    }

    static Stream<Arguments> operations() {
        return Stream.of(
                Arguments.of("vk-list-jobs", "GET", "/jobs"),
                Arguments.of("vk-create-job", "POST", "/jobs"),
                Arguments.of("vk-update-job", "PUT", "/jobs/{job}"),
                Arguments.of("vk-get-job", "GET", "/jobs/{job}"),
                Arguments.of("vk-close-job", "POST", "/jobs/{job}/close"),
                Arguments.of("vk-revive-job", "POST", "/jobs/{job}/revive"),
                Arguments.of("vk-list-categories", "GET", "/categories"),
                Arguments.of("vk-list-professions", "GET", "/professions"),
                Arguments.of("vk-list-regions", "GET", "/regions"),
                Arguments.of("vk-list-cities", "GET", "/cities"),
                Arguments.of("vk-list-nationalities", "GET", "/nationalities"),
                Arguments.of("vk-list-applications", "GET", "/applications"),
                Arguments.of("vk-proceed-application", "POST", "/applications/{application}/proceed"),
                Arguments.of("vk-get-company", "GET", "/company"),
                Arguments.of("vk-list-vas-transactions", "GET", "/vas_transactions"),
                Arguments.of("vk-apply-paid-actions", "POST", "/paid_actions"),
                Arguments.of("vk-search-candidates", "GET", "/candidates"),
                Arguments.of("vk-get-candidate-phone", "GET", "/candidates/{candidate}/phone"),
                Arguments.of("vk-list-packets", "GET", "/packets"),
                Arguments.of("vk-packets-balance", "GET", "/packets/categories_balance"),
                Arguments.of("vk-upload-background", "PUT", "/background"),
                Arguments.of("vk-delete-background", "DELETE", "/background"));
    }

    /**
     * The simulator answers the request an operation makes, 2xx or its own refusal of the body {@code {}}: either way
     * the request went out with the operation's method and path.
     */
    @ParameterizedTest(name = "{0} -> {1} {2}")
    @MethodSource("operations")
    void eachOperationCallsItsMethodAndPathUnderTheRetryPolicy(String operation, String method, String pathTemplate) {
        VkApplication application = vk.seedApplications(1).get(0);
        String candidate = Long.toString(vk.seedCandidates(1).get(0).id());
        String path = pathTemplate.replace("{job}", Long.toString(application.jobId()))
                .replace("{application}", Long.toString(application.id())).replace("{candidate}", candidate);

        Exchange done = call(operation, Map.of(VkApi.JOB_ID, Long.toString(application.jobId()),
                VkApi.APPLICATION_ID, Long.toString(application.id()), VkApi.CANDIDATE_ID, candidate), "{}");

        RecordedRequest request = vk.requests().stream().filter(r -> !r.path().equals("/session")).findFirst()
                .orElseThrow();
        assertThat(request.method() + " " + request.path()).isEqualTo(method + " " + path);
        if (done.getException() != null) {
            ApiException refused = done.getException(ApiException.class);
            assertThat(refused.httpStatus()).isEqualTo(request.status()).isBetween(400, 499);
            assertThat(refused.path()).isEqualTo(path);
        }
        assertThat(context.getRoute(operation)).isNotNull();
        assertThat(((ModelCamelContext) context).getRouteDefinition(operation).getRouteConfigurationId()).isEqualTo("api-retry");
    }
}
