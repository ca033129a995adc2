package ru.rabota.bridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A request's operation, the label of its meters: bounded whatever ids its path holds. */
class ApiRequestTest {

    @Test
    void theOperationIsTheMethodAndThePathWithItsIdsLeftOut() {
        assertThat(operation("POST", "/jobs")).isEqualTo("POST /jobs");
        assertThat(operation("POST", "/jobs/651/close")).isEqualTo("POST /jobs/{id}/close");
        assertThat(operation("GET", "/packets/categories_balance")).isEqualTo("GET /packets/categories_balance");
        assertThat(operation("PUT", "/employers/1455/vacancies/archived/98765"))
                .isEqualTo("PUT /employers/{id}/vacancies/archived/{id}");
        assertThat(operation("PUT", "/negotiations/invitation/123456789"))
                .isEqualTo("PUT /negotiations/invitation/{id}");
        assertThat(operation("PUT", "/webhook/subscriptions/a1b2-c3d4")).isEqualTo("PUT /webhook/subscriptions/{id}");
    }

    private static String operation(String method, String path) {
        return new ApiRequest(method, path, "page%5Bnumber%5D=2", null, null).operation();
    }
}
