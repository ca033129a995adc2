package ru.rabota.bridge.hh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** Which collection URLs the poller follows: only those on bridge.hh.base-url's scheme, host, port and path. */
class HhLinksTest {

    private final HhLinks hh = new HhLinks("https://api.hh.ru");

    @Test
    void aUrlOnTheApiRootBecomesPathAndQuery() {
        assertThat(hh.collection("123456", "inbox", "https://api.hh.ru/negotiations/inbox?vacancy_id=123456"))
                .contains(new HhCollection("123456", "inbox", "/negotiations/inbox", Map.of("vacancy_id", "123456")));
        assertThat(hh.collection("1", "inbox", "https://API.HH.RU:443/negotiations/inbox?vacancy_id=1")).isPresent();
    }

    @Test
    void anyOtherOriginIsRefused() {
        assertThat(hh.collection("1", "inbox", "https://evil.example.com/negotiations/inbox?vacancy_id=1")).isEmpty();
        assertThat(hh.collection("1", "inbox", "http://api.hh.ru/negotiations/inbox?vacancy_id=1")).isEmpty();
        assertThat(hh.collection("1", "inbox", "https://api.hh.ru:8443/negotiations/inbox?vacancy_id=1")).isEmpty();
        assertThat(hh.collection("1", "inbox", "https://api.hh.ru.evil.example.com/negotiations/inbox")).isEmpty();
        assertThat(hh.collection("1", "inbox", "/negotiations/inbox?vacancy_id=1")).isEmpty();
        assertThat(hh.collection("1", "inbox", "not a url")).isEmpty();
        assertThat(hh.collection("1", "inbox", null)).isEmpty();
    }

    @Test
    void aRootWithAPathAcceptsOnlyUrlsBelowIt() {
        HhLinks proxied = new HhLinks("http://127.0.0.1:8080/hh/");

        assertThat(proxied.collection("1", "inbox", "http://127.0.0.1:8080/hh/negotiations/inbox?vacancy_id=1"))
                .hasValueSatisfying(collection -> assertThat(collection.path()).isEqualTo("/negotiations/inbox"));
        assertThat(proxied.collection("1", "inbox", "http://127.0.0.1:8080/negotiations/inbox")).isEmpty();
        assertThat(proxied.collection("1", "inbox", "http://127.0.0.1:8080/hhx/negotiations/inbox")).isEmpty();
    }
}
