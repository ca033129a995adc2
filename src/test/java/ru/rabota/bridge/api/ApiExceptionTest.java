package ru.rabota.bridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.junit.jupiter.api.Test;

class ApiExceptionTest {

    @Test
    void onlyFailuresBeforeTheServiceReadTheRequestCountAsUnsent() {
        assertThat(failure(0, new ConnectException("Connection refused")).unsent()).isTrue();
        assertThat(failure(0, new ConnectTimeoutException("connect timed out")).unsent()).isTrue();
        assertThat(failure(429, null).unsent()).isTrue();
        assertThat(failure(408, null).unsent()).isTrue();

        assertThat(failure(0, new SocketTimeoutException("Read timed out")).unsent()).isFalse();
        assertThat(failure(0, new IOException("Connection reset")).unsent()).isFalse();
        assertThat(failure(503, null).unsent()).isFalse();
        assertThat(failure(502, null).unsent()).isFalse();
    }

    private static ApiException failure(int status, Throwable cause) {
        return new ApiException("vk", "POST", "/paid_actions", status, "x", null, cause);
    }
}
