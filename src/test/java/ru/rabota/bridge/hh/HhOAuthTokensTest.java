package ru.rabota.bridge.hh;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.LogCapture;
import ru.rabota.bridge.api.ApiException;
import ru.rabota.bridge.api.ApiForm;
import ru.rabota.bridge.api.TokenRequests;
import ru.rabota.bridge.json.BridgeJson;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.kafka.TopicBootstrap;
import ru.rabota.bridge.state.KafkaStateStore;
import ru.rabota.bridge.testing.TestKafka;

/** hh.ru's token pair shared by instances through their state topic. */
class HhOAuthTokensTest {

    private final CamelContext context = new DefaultCamelContext();
    private final List<KafkaStateStore> stores = new ArrayList<>();
    /** Refresh tokens hh.ru took: each works once. */
    private final Set<String> spent = ConcurrentHashMap.newKeySet();

    @AfterEach
    void stop() {
        stores.forEach(KafkaStateStore::stop);
        context.stop();
    }

    @Test
    void twoInstancesRefreshingAtOnceBothGoOnWithTheOnePairHhRuGave() throws Exception {
        // hh.ru's token endpoint: a refresh token works once; its answer takes 2 s (the other instance asks meanwhile)
        String prefix = startTokenEndpoint();
        HhOAuthTokens first = tokens(prefix);
        HhOAuthTokens second = tokens(prefix);
        first.invalidate("access-0");
        second.invalidate("access-0");

        // two threads of their own (the common pool has one on two cores)
        ExecutorService instances = Executors.newFixedThreadPool(2);
        CompletableFuture<String> one = CompletableFuture.supplyAsync(first::token, instances);
        CompletableFuture<String> other = CompletableFuture.supplyAsync(second::token, instances);
        instances.shutdown();

        // the second refresh hh.ru refused (invalid_grant) stopped that instance's hh.ru calls until a restart
        assertThat(one.get(20, TimeUnit.SECONDS)).isEqualTo("access-1");
        assertThat(other.get(20, TimeUnit.SECONDS)).isEqualTo("access-1");
        assertThat(second.refusal()).isEmpty();
        assertThat(first.refusal()).isEmpty();
    }

    @Test
    void aRefreshedPairKafkaDoesNotTakeIsUsedFromMemoryWithOneErrorLineAndOneLineWhenStored() throws Exception {
        String prefix = startTokenEndpoint();
        // a store whose writes Kafka refuses (larger than its producer may send), then one whose writes it takes
        KafkaStateStore refusing = store(prefix, Map.of("max.request.size", "64"));
        AtomicReference<KafkaStateStore> store = new AtomicReference<>(refusing);
        HhOAuthTokens tokens = new HhOAuthTokens(store::get, new HhOAuthTokens.Client(
                TokenRequests.to(context, "direct:token"), "/token", "", ""), "access-0", "refresh-0");
        tokens.invalidate("access-0");

        try (LogCapture logs = new LogCapture()) {
            for (int call = 0; call < 5; call++) {
                assertThat(tokens.token()).isEqualTo("access-1");
            }
            // before, an ERROR line per call
            assertThat(logs.lines("ERROR", "The refreshed hh.ru token pair could not be stored")).isOne();

            store.set(store(prefix, Map.of()));
            assertThat(tokens.token()).isEqualTo("access-1");
            assertThat(tokens.token()).isEqualTo("access-1");
            assertThat(logs.lines("INFO", "The refreshed hh.ru token pair is stored in " + prefix)).isOne();
            assertThat(logs.lines("ERROR", "")).isOne();
            assertThat(logs.text()).doesNotContain("refresh-1");
        }
        // another instance (or this one restarted) takes the stored pair
        KafkaStateStore restarted = store(prefix, Map.of());
        assertThat(new HhOAuthTokens(() -> restarted, new HhOAuthTokens.Client(
                TokenRequests.to(context, "direct:token"), "/token", "", ""), "access-0", "refresh-0").token())
                .isEqualTo("access-1");
        assertThat(spent).containsExactly("refresh-0");
    }

    /** Starts hh.ru's token endpoint ({@link #refresh}) and the state topics; their prefix. */
    private String startTokenEndpoint() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:token").process(HhOAuthTokensTest.this::refresh);
            }
        });
        context.start();
        String prefix = TestKafka.uniquePrefix(getClass());
        TopicBootstrap.createTopics(TestKafka.clientConfig(), prefix, 1, (short) 1, 1_048_576);
        return prefix;
    }

    private void refresh(Exchange exchange) throws InterruptedException {
        String token = String.valueOf(exchange.getMessage().getBody(ApiForm.class).fields().get("refresh_token"));
        if (!spent.add(token)) {
            throw new ApiException("hh", "POST", "/token", 400, "invalid_grant: token has already been refreshed",
                    null, null);
        }
        Thread.sleep(2_000);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        exchange.getMessage().setBody(BridgeJson.MAPPER.valueToTree(Map.of("access_token", "access-1",
                "refresh_token", "refresh-1")));
    }

    private HhOAuthTokens tokens(String prefix) throws Exception {
        KafkaStateStore store = store(prefix, Map.of());
        return new HhOAuthTokens(() -> store, new HhOAuthTokens.Client(TokenRequests.to(context, "direct:token"),
                "/token", "", ""), "access-0", "refresh-0");
    }

    private KafkaStateStore store(String prefix, Map<String, Object> clientConfig) throws Exception {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put("bootstrap.servers", TestKafka.bootstrapServers());
        KafkaStateStore store = new KafkaStateStore(Topic.STATE_WATERMARKS.topicName(prefix), config,
                Duration.ofSeconds(20));
        store.start();
        stores.add(store);
        return store;
    }
}
