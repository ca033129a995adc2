package ru.rabota.bridge.vk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.ServiceStatus;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.api.ApiHeaders;
import ru.rabota.bridge.testing.TestApplication;
import ru.rabota.sandbox.http.RecordedRequest;
import ru.rabota.sandbox.vk.VkApplication;
import ru.rabota.sandbox.vk.VkSimulator;
import ru.rabota.sandbox.vk.VkSimulatorConfig;

/** direct:vk-all-pages as another flow would use it: filters on every page, all records in order. */
class VkAllPagesTest {

    @Test
    void everyPageIsReadWithTheCallersFilters() throws Exception {
        try (VkSimulator vk = new VkSimulator(new VkSimulatorConfig()).start();
             TestApplication app = TestApplication.start(Map.of(
                     "bridge.vk.base-url", vk.baseUrl(),
                     "bridge.vk.login", vk.config().login(),
                     "bridge.vk.password", vk.config().password(),
                     "bridge.reference.enabled", "false",
                     // the poll reads /applications too (after 5 s, which a loaded machine reaches)
                     "bridge.applications.enabled", "false"))) {
            List<VkApplication> seeded = vk.seedApplications(5);
            long jobId = seeded.get(0).jobId();
            List<String> expected = seeded.stream().filter(a -> a.jobId() == jobId).map(a -> Long.toString(a.id())).toList();

            Exchange done = app.template().send("direct:vk-all-pages", exchange -> {
                exchange.getMessage().setHeader(VkPages.OPERATION, "vk-list-applications");
                exchange.getMessage().setHeader(VkPages.PAGE_SIZE, 2);
                exchange.getMessage().setHeader(ApiHeaders.QUERY, Map.of("job_id", jobId));
            });

            assertThat(done.getException()).isNull();
            assertThat(done.getMessage().getBody(List.class)).extracting(r -> ((ObjectNode) r).path("id").asText())
                    .containsExactlyElementsOf(expected);
            assertThat(done.getMessage().getHeader(ApiHeaders.QUERY)).isNull();
            List<RecordedRequest> pages = vk.requests().stream().filter(r -> r.path().equals("/applications")).toList();
            assertThat(pages).extracting(r -> r.param("page[number]"))
                    .containsExactlyElementsOf(pageNumbers((expected.size() + 1) / 2));
            assertThat(pages).allSatisfy(r -> assertThat(r.param("job_id")).isEqualTo(Long.toString(jobId)))
                    .allSatisfy(r -> assertThat(r.param("page[size]")).isEqualTo("2"));
            assertThat(app.context().getRouteController().getRouteStatus("reference-data")).isEqualTo(ServiceStatus.Stopped);
        }
    }

    @Test
    void aServiceIgnoringThePageNumberEndsInAnErrorNotALoop() throws Exception {
        VkPages pages = new VkPages();
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeader(VkPages.OPERATION, "vk-list-cities");
        exchange.getMessage().setHeader(VkPages.PAGE_SIZE, 1);
        String fullPage = "{\"data\":[{\"id\":\"1\",\"type\":\"city\",\"attributes\":{\"name\":\"Москва\"}}]}";

        pages.start(exchange);
        exchange.getMessage().setBody(new ObjectMapper().readTree(fullPage));
        pages.add(exchange);

        assertThat(pages.hasNext(exchange)).isTrue();
        assertThat(exchange.getMessage().getHeader(ApiHeaders.QUERY, Map.class))
                .isEqualTo(new HashMap<>(Map.of("page[number]", 2, "page[size]", 1)));
        assertThatThrownBy(() -> pages.add(exchange)).isInstanceOf(IllegalStateException.class)
                .hasMessage("vk-list-cities: page 2 repeats page 1, page[number] seems ignored");
    }

    /** A list read short would pass for whole: rabota.reference would get a tombstone for every city after it. */
    @Test
    void anEmptyPageInsideTheListItCountsIsAnErrorNotItsEnd() throws Exception {
        VkPages pages = new VkPages();
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeader(VkPages.OPERATION, "vk-list-cities");
        exchange.getMessage().setHeader(VkPages.PAGE_SIZE, 1);
        ObjectMapper json = new ObjectMapper();

        pages.start(exchange);
        exchange.getMessage().setBody(json.readTree("{\"data\":[{\"id\":\"1\",\"type\":\"city\","
                + "\"attributes\":{\"name\":\"Москва\"}}],\"meta\":{\"total\":3}}"));
        pages.add(exchange);
        exchange.getMessage().setBody(json.readTree("{\"data\":[],\"meta\":{\"total\":3}}"));

        assertThatThrownBy(() -> pages.add(exchange)).isInstanceOf(IllegalStateException.class)
                .hasMessage("vk-list-cities: page 2 came back empty, though the list counts 3 records: read short");
    }

    private static List<String> pageNumbers(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(Integer::toString).toList();
    }
}
