package ru.rabota.bridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import ru.rabota.bridge.vk.VkTestSupport;

/** bridge.retry.give-up-after: no retry starts later than this after the first attempt. */
class ApiRetryBudgetTest extends VkTestSupport {

    @Override
    protected Map<String, String> properties() {
        return Map.of("bridge.retry.give-up-after", "1s");
    }

    @Test
    void retryThatWouldStartAfterTheBudgetIsNotMade() {
        vk.faults().onPaths("/company").throttleNext(1, 2);

        Exchange done = call("vk-get-company", Map.of(), null);

        assertThat(done.getException(ApiException.class).httpStatus()).isEqualTo(429);
        assertThat(done.getProperty(ApiHeaders.ATTEMPTS)).isEqualTo(1);
        assertThat(requests("GET", "/company")).hasSize(1);
    }
}
