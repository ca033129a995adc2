package ru.rabota.bridge.hh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

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

    /** How long another instance's refresh may take to be stored (HhConfiguration: HTTP response, state timeouts). */
    private static final Duration REFRESHES_LAST = Duration.ofSeconds(15);

    private final CamelContext context = new DefaultCamelContext();
    /** How long hh.ru takes to answer a refresh it grants. */
    private volatile long answerMillis = 2_000;
    /** hh.ru's refusals of the next refreshes, before it looks at the refresh token. */
    private final Queue<String> refusals = new ConcurrentLinkedQueue<>();
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
        HhOAuthTokens first = expired(prefix);
        HhOAuthTokens second = expired(prefix);

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
        HhOAuthTokens tokens = tokens(store::get);
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
        assertThat(tokens(() -> restarted).token()).isEqualTo("access-1");
        assertThat(spent).containsExactly("refresh-0");
    }

    /**
     * The first instance's refresh is answered after 8 s (hh.ru slow, well within the HTTP response timeout), the
     * second's refused at once as spent: the second waits for the first's pair. Before, it waited 5 s only, then took
     * the refusal for good: one ERROR line, readiness check hh DOWN and its hh.ru calls stopped until a restart,
     * while the pair the first instance stored was valid.
     */
    @Test
    void anInstanceWhoseRefreshHhRuRefusedAsSpentWaitsForTheOtherInstancesSlowRefresh() throws Exception {
        answerMillis = 8_000;
        String prefix = startTokenEndpoint();
        HhOAuthTokens first = expired(prefix);
        HhOAuthTokens second = expired(prefix);

        ExecutorService instances = Executors.newFixedThreadPool(2);
        try (LogCapture logs = new LogCapture()) {
            CompletableFuture<String> one = CompletableFuture.supplyAsync(first::token, instances);
            // the second asks once the first's request reached hh.ru
            Thread.sleep(500);
            CompletableFuture<String> other = CompletableFuture.supplyAsync(second::token, instances);

            assertThat(one.get(30, TimeUnit.SECONDS)).isEqualTo("access-1");
            assertThat(other.get(30, TimeUnit.SECONDS)).isEqualTo("access-1");
            assertThat(second.refusal()).isEmpty();
            assertThat(logs.lines("ERROR", "")).isZero();
            assertThat(logs.lines("INFO", "refreshed by another instance")).isOne();
        } finally {
            instances.shutdown();
        }
        assertThat(spent).containsExactly("refresh-0");
    }

    /**
     * hh.ru's API called the token expired and its token endpoint calls it not expired (their clocks differ near the
     * expiry): the call meets a failure its retries repeat, the refresh token unspent, and a later refresh succeeds.
     * Before, that 400 invalid_grant was a refusal for good (ERROR line, hh.ru calls stopped until a restart).
     */
    @Test
    void aRefreshHhRuCallsTooEarlyIsTriedAgainWithTheCallNotRefusedForGood() throws Exception {
        answerMillis = 0;
        String prefix = startTokenEndpoint();
        HhOAuthTokens tokens = expired(prefix);
        refusals.add("invalid_grant: token not expired");
        refusals.add("invalid_grant: token not expired");

        try (LogCapture logs = new LogCapture()) {
            for (int attempt = 0; attempt < 2; attempt++) {
                ApiException early = catchThrowableOfType(ApiException.class, tokens::token);
                assertThat(early.getMessage()).isEqualTo("HH POST /token -> 400 invalid_grant: token not expired");
                assertThat(early.retryable()).isTrue();
                assertThat(early.unsent()).isTrue();
                assertThat(tokens.refusal()).isEmpty();
            }
            assertThat(tokens.token()).isEqualTo("access-1");
            assertThat(logs.lines("WARN", "refused the refresh as too early")).isOne();
            assertThat(logs.lines("ERROR", "")).isZero();
        }
        assertThat(spent).containsExactly("refresh-0");
    }

    /** Ten calls of one instance meet the expiry at once: one refresh, and all go on with its pair. */
    @Test
    void tenCallsMeetingTheExpiryAtOnceRefreshOnce() throws Exception {
        answerMillis = 500;
        String prefix = startTokenEndpoint();
        HhOAuthTokens tokens = tokens(prefix);

        ExecutorService calls = Executors.newFixedThreadPool(10);
        try {
            List<CompletableFuture<String>> renewed = new ArrayList<>();
            for (int call = 0; call < 10; call++) {
                renewed.add(CompletableFuture.supplyAsync(() -> {
                    // each call was refused with the token it had sent (403 token_expired), then asks for one
                    tokens.invalidate("access-0");
                    return tokens.token();
                }, calls));
            }
            for (CompletableFuture<String> token : renewed) {
                assertThat(token.get(30, TimeUnit.SECONDS)).isEqualTo("access-1");
            }
        } finally {
            calls.shutdown();
        }
        assertThat(spent).containsExactly("refresh-0");
        assertThat(tokens.refusal()).isEmpty();
    }

    /** Starts hh.ru's token endpoint ({@link #refresh}) and the state topics; their prefix. */
    private String startTokenEndpoint() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // as route hh-token-request: the caller gets the refusal, no error handler logs it
                errorHandler(noErrorHandler());
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
        String refusal = refusals.poll();
        if (refusal != null) {
            throw new ApiException("hh", "POST", "/token", 400, refusal, null, null);
        }
        if (!spent.add(token)) {
            throw new ApiException("hh", "POST", "/token", 400, "invalid_grant: token has already been refreshed",
                    null, null);
        }
        Thread.sleep(answerMillis);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        exchange.getMessage().setBody(BridgeJson.MAPPER.valueToTree(Map.of("access_token", "access-1",
                "refresh_token", "refresh-1")));
    }

    /** The tokens of an instance whose access token hh.ru has just called expired. */
    private HhOAuthTokens expired(String prefix) throws Exception {
        HhOAuthTokens tokens = tokens(prefix);
        tokens.invalidate("access-0");
        return tokens;
    }

    private HhOAuthTokens tokens(String prefix) throws Exception {
        KafkaStateStore store = store(prefix, Map.of());
        return tokens(() -> store);
    }

    private HhOAuthTokens tokens(Supplier<KafkaStateStore> store) throws Exception {
        return new HhOAuthTokens(store, new HhOAuthTokens.Client(TokenRequests.to(context, "direct:token"),
                "/token", "", "", REFRESHES_LAST), "access-0", "refresh-0");
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
