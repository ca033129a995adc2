package ru.rabota.bridge.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.kafka.Topic;

/**
 * An hh.ru publication whose outcome the bundle never learned (its retries given up after
 * {@code bridge.retry.give-up-after}, here 3 seconds): the next upsert of its external_id finds the vacancy it may
 * have made before publishing, so that one external_id costs one publication.
 */
class HhPublicationGivenUpTest extends BoardsTestSupport {

    @Override
    protected Map<String, String> boardProperties() {
        return Map.of("bridge.retry.give-up-after", "3s");
    }

    /** Before, the changed title was no duplicate to hh.ru: a second vacancy, paid, beside the first. */
    @Test
    void aChangedUpsertAfterAPublicationGivenUpUpdatesTheVacancyItMadeInsteadOfPayingForAnother() throws Exception {
        int usedBefore = hh.publicationsUsed();
        hh.loseNextPublishAnswer();
        CountDownLatch held = hh.holdNextPublishAnswer();
        send("G-1", upsert("G-1", "Курьер", "\"hh\"", validHh()));
        // published, its answer lost; the repeat held until hh.ru fails every call on vacancies, until the give-up
        await().atMost(Duration.ofSeconds(30)).until(() -> hh.publicationsUsed() - usedBefore == 1);
        hh.faults().onPaths("/vacancies").serverErrors(1.0);
        held.countDown();
        records(Topic.DLQ, "G-1", 1);
        hh.faults().reset();
        send("G-1", "{\"command\":\"close\",\"external_id\":\"G-1\"}");
        assertThat(events("G-1", 1).get(0).at("/error/detail").asText()).contains("send its upsert again first, with \"boards\": [\"hh\"]");

        send("G-1", upsert("G-1", "Курьер (ночные смены)", "\"hh\"", validHh()));

        JsonNode event = eventsFrom("G-1", 1, 2).get(0);
        assertThat(event.get("event").asText()).as(event.toString()).isEqualTo("created");
        assertThat(hh.publicationsUsed() - usedBefore).isEqualTo(1);
        assertThat(hhPublications("G-1")).isEqualTo(1);
        assertThat(hh.vacancy(event.get("job_id").asText()).name()).isEqualTo("Курьер (ночные смены)");
    }

    /** The earlier POST never reached hh.ru: its body is published once, then the upsert's content edited in. */
    @Test
    void aChangedUpsertAfterAPublicationGivenUpBeforeHhRuAnsweredPublishesOnce() {
        assertPublishedOnceAfterAGiveUp("G-2", "Кладовщик ночной смены", "Кладовщик ночной смены (МКАД)");
    }

    /**
     * The earlier body is one hh.ru refuses (a duplicate of the employer's vacancy 123457, "Кладовщик"), which the
     * customer's new title mends: it is published, not refused for the earlier body's fault for good.
     */
    @Test
    void aChangedUpsertAfterAGivenUpPublicationOfABodyHhRuRefusesPublishesItsOwn() {
        assertPublishedOnceAfterAGiveUp("G-3", "Кладовщик", "Кладовщик (холодный склад)");
    }

    /**
     * The earlier publication is completed first, and hh.ru sets the area at publication only: an upsert that moves
     * the vacancy is refused as for any published one, naming it, and publishes nothing more.
     */
    @Test
    void anUpsertMovingAVacancyAfterAPublicationGivenUpIsRefusedNamingTheVacancyPublished() {
        int usedBefore = hh.publicationsUsed();
        hh.faults().onPaths("/vacancies").serverErrors(1.0);
        send("G-4", upsert("G-4", "Сортировщик", "\"hh\"", validHh()));
        records(Topic.DLQ, "G-4", 1);
        hh.faults().reset();

        send("G-4", upsert("G-4", "Сортировщик", "\"hh\"", validHh().replace("\"area\":\"1\"", "\"area\":\"2\"")));

        JsonNode refused = events("G-4", 1).get(0);
        assertThat(refused.get("event").asText()).as(refused.toString()).isEqualTo("rejected");
        assertThat(refused.at("/error/detail").asText())
                .startsWith("hh.area: set when hh.ru vacancy " + refused.get("job_id").asText() + " was published");
        assertThat(hh.publicationsUsed() - usedBefore).isEqualTo(1);
    }

    /**
     * The earlier body is alike to more of the employer's vacancies than hh.ru names (it names five), and its own
     * publication, made with {@code ignore_duplicates=true}, lost its answer: hh.ru not naming it among them does not
     * mean it is not there, so the upsert's own body is not published beside it. Before, it was: one external_id, two
     * vacancies, two publications paid.
     */
    @Test
    void aChangedUpsertAfterAGivenUpPublicationAlikeToMoreVacanciesThanHhRuNamesPublishesNothingMore() {
        for (int i = 0; i < 5; i++) {
            send("G-5" + i, upsert("G-5" + i, "Повар", "\"hh\"", validHh()));
            events("G-5" + i, 1);
        }
        int usedBefore = hh.publicationsUsed();
        // G-6's first POST is refused as alike to those five, all named, so it goes again with ignore_duplicates:
        // that one publishes, and its answer is lost (a paid call, not repeated: a dead letter, the intent kept)
        AtomicInteger posts = new AtomicInteger();
        hh.faults().beforeEach(path -> {
            if (path.equals("/vacancies") && posts.incrementAndGet() == 2) {
                hh.faults().loseAnswerNext(1);
            }
        });
        send("G-6", upsert("G-6", "Повар", "\"hh\"", validHh()));
        records(Topic.DLQ, "G-6", 1);
        hh.faults().reset();
        assertThat(hhPublications("G-6")).isOne();

        send("G-6", upsert("G-6", "Повар (ночные смены)", "\"hh\"", validHh()));

        JsonNode refused = events("G-6", 1).get(0);
        assertThat(refused.get("event").asText()).as(refused.toString()).isEqualTo("rejected");
        assertThat(refused.at("/error/detail").asText()).startsWith("vacancies: duplicate (")
                .endsWith("it may have published: the next command of this external_id looks for it first");
        assertThat(hhPublications("G-6")).isOne();
        assertThat(hh.publicationsUsed() - usedBefore).isOne();
    }

    /** An upsert whose every POST fails until it is given up (a dead letter), then one with another title. */
    private void assertPublishedOnceAfterAGiveUp(String externalId, String title, String changedTitle) {
        int usedBefore = hh.publicationsUsed();
        hh.faults().onPaths("/vacancies").serverErrors(1.0);
        send(externalId, upsert(externalId, title, "\"hh\"", validHh()));
        records(Topic.DLQ, externalId, 1);
        hh.faults().reset();

        send(externalId, upsert(externalId, changedTitle, "\"hh\"", validHh()));

        JsonNode event = events(externalId, 1).get(0);
        assertThat(event.get("event").asText()).as(event.toString()).isEqualTo("created");
        assertThat(hh.publicationsUsed() - usedBefore).isEqualTo(1);
        assertThat(hh.vacancy(event.get("job_id").asText()).name()).isEqualTo(changedTitle);
    }
}
