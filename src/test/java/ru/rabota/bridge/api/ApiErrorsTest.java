package ru.rabota.bridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ApiErrorsTest {

    private static final Clock NOON = Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void vkDetailIsTakenAsIs() {
        assertThat(detail(422, "{\"errors\":[{\"detail\":\"Возникли ошибки: Поле 'Адрес' не может быть пустым\"}]}"))
                .isEqualTo("Возникли ошибки: Поле 'Адрес' не может быть пустым");
    }

    @Test
    void severalErrorsAreJoined() {
        assertThat(detail(422, "{\"errors\":[{\"detail\":\"Неизвестный статус\"},{\"detail\":\"Нет доступа\"}]}"))
                .isEqualTo("Неизвестный статус; Нет доступа");
    }

    @Test
    void hhVacancyErrorsNameTheFieldAndTheDuplicatesFound() {
        assertThat(detail(400, "{\"errors\":[{\"value\":\"name\",\"reason\":\"required\",\"pointer\":\"/name\","
                + "\"description\":\"Значение обязательное\",\"type\":\"bad_json_data\"}]}"))
                .isEqualTo("bad_json_data: name required at /name");
        assertThat(detail(403, "{\"errors\":[{\"type\":\"vacancies\",\"value\":\"duplicate\",\"found\":2,"
                + "\"items\":[{\"id\":1337},{\"id\":78789890}]}]}"))
                .isEqualTo("vacancies: duplicate (1337, 78789890)");
        // hh.ru names "a limited number" of them: how many it found, when more
        assertThat(detail(403, "{\"errors\":[{\"type\":\"vacancies\",\"value\":\"duplicate\",\"found\":7,"
                + "\"items\":[{\"id\":1337},{\"id\":78789890}]}]}"))
                .isEqualTo("vacancies: duplicate (1337, 78789890; 7 found)");
        assertThat(detail(400, "{\"error\":\"invalid_grant\",\"error_description\":\"token not expired\"}"))
                .isEqualTo("invalid_grant: token not expired");
    }

    @Test
    void hhErrorsNameTypeAndValue() {
        assertThat(detail(403, "{\"errors\":[{\"type\":\"oauth\",\"value\":\"token_expired\"}],\"request_id\":\"r1\"}"))
                .isEqualTo("oauth: token_expired");
        assertThat(detail(404, "{\"description\":\"Not Found\",\"errors\":[{\"type\":\"not_found\"}]}"))
                .isEqualTo("not_found");
        assertThat(detail(400, "{\"description\":\"vacancy_id is required\",\"errors\":[]}"))
                .isEqualTo("vacancy_id is required");
    }

    @Test
    void htmlOfAProxyIsReducedToShortText() {
        String page = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center>"
                + "<hr><center>nginx</center>" + "<!-- padding -->".repeat(30) + "</body></html>";

        assertThat(detail(502, page)).startsWith("502 Bad Gateway 502 Bad Gateway nginx");
        assertThat(detail(502, "x".repeat(500))).hasSize(ApiErrors.MAX_TEXT + 1).endsWith("…");
    }

    @Test
    void emptyBodyGivesTheReasonPhrase() {
        assertThat(detail(502, "")).isEqualTo("Bad Gateway");
        assertThat(ApiErrors.detail(599, null)).isEqualTo("HTTP 599");
    }

    @Test
    void retryAfterIsReadAsSecondsOrHttpDate() {
        assertThat(ApiErrors.retryAfter("120", NOON)).isEqualTo(Duration.ofSeconds(120));
        assertThat(ApiErrors.retryAfter("Mon, 23 Nov 2026 12:00:30 GMT", NOON)).isEqualTo(Duration.ofSeconds(30));
        // no wait asked for: the retry's backoff, not a retry at once (a date passed: the server's clock is behind)
        assertThat(ApiErrors.retryAfter("Mon, 23 Nov 2026 11:00:00 GMT", NOON)).isNull();
        assertThat(ApiErrors.retryAfter("0", NOON)).isNull();
        assertThat(ApiErrors.retryAfter("soon", NOON)).isNull();
        assertThat(ApiErrors.retryAfter(null, NOON)).isNull();
    }

    @ParameterizedTest(name = "{0} retryable: {1}")
    @CsvSource({"0,true", "500,true", "502,true", "503,true", "504,true", "429,true", "408,true",
        "400,false", "401,false", "403,false", "404,false", "409,false", "422,false"})
    void onlyFailuresThatMayPassLaterAreRetryable(int status, boolean retryable) {
        assertThat(new ApiException("vk", "GET", "/jobs", status, "x", null, null).retryable()).isEqualTo(retryable);
    }

    @Test
    void messageIsOneReadableLineAndNoAnswerIsStatusZero() {
        ApiException failure = new ApiException("vk", "POST", "/jobs/651/close", 0, "Connection reset", null, null);

        assertThat(failure.getMessage()).isEqualTo("VK POST /jobs/651/close -> I/O error Connection reset");
        assertThat(failure.copy()).hasMessage(failure.getMessage()).isNotSameAs(failure);
    }

    private static String detail(int status, String body) {
        return ApiErrors.detail(status, body.getBytes(StandardCharsets.UTF_8));
    }
}
