package ru.rabota.sandbox.vk;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class VkJobsTest extends VkSimulatorTestSupport {

    @Test
    void aCreatedJobEchoesItsAttributesAndIsStored() throws Exception {
        Answer answer = post("/jobs", validJob("HR-1001"));

        assertThat(answer.status()).isEqualTo(200);
        JsonNode data = answer.body().path("data");
        assertThat(data.path("type").asText()).isEqualTo("job");
        JsonNode attributes = data.path("attributes");
        assertThat(attributes.path("title").asText()).isEqualTo("Тестовая вакансия");
        assertThat(attributes.path("lat").asDouble()).isEqualTo(55.35);
        assertThat(attributes.path("address").asText()).isEqualTo("Москва. Солянка ул., 9");
        assertThat(attributes.path("remote").asBoolean()).isTrue();
        assertThat(attributes.path("external_id").asText()).isEqualTo("HR-1001");
        assertThat(attributes.path("status").asText()).isEqualTo("active");
        assertThat(attributes.path("current_publication_type").asText()).isEqualTo("super_job_publish");
        assertThat(attributes.path("salary_from").isNull()).isTrue();
        assertThat(attributes.path("expires_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+03:00");
        assertThat(data.path("relationships").path("profession").path("data").path("id").asText()).isEqualTo("3");

        VkJob stored = sim.state().jobsByExternalId("HR-1001").get(0);
        assertThat(stored.id()).isEqualTo(data.path("id").asLong());
        assertThat(stored.professionId()).isEqualTo(3);
    }

    @Test
    void theDocumentsOwnBadRequestGetsTheDocumentsOwnAnswer() throws Exception {
        Answer answer = post("/jobs", "{\"job\": { \"title\": \"test title\" }}");

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.raw().body())
                .isEqualTo("{\"errors\":[{\"detail\":\"Возникли ошибки: Поле 'Адрес' не может быть пустым\"}]}");
        assertThat(sim.state().jobs()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"description\": \"%s\"                      | Поле 'Описание' не может быть длиннее 200 символов",
        "\"description\": \"Звоните +7 (999) 123-45-67\" | Поле 'Описание' не может содержать контактную информацию",
        "\"description\": \"Пишите на hr@example.com\"   | Поле 'Описание' не может содержать контактную информацию",
        "\"description\": \"Подробнее на www.job.ru\"    | Поле 'Описание' не может содержать контактную информацию",
        "\"lat\": 95                                   | Поле 'Широта' должно быть в диапазоне от -90 до 90",
        "\"long\": -181                                | Поле 'Долгота' должно быть в диапазоне от -180 до 180",
        "\"lat\": \"north\"                            | Поле 'Широта' должно быть числом",
        "\"salary_from\": 70000, \"salary_to\": 50000, \"salary_period\": \"monthly\" | Поле 'Зарплата от' не может быть больше поля 'Зарплата до'",
        "\"salary_from\": 50000                        | Поле 'Период оплаты' не может быть пустым",
        "\"salary_from\": 50000, \"salary_period\": \"weekly\" | Поле 'Период оплаты' имеет недопустимое значение",
        "\"contact_phone\": \"+79990001122\"             | Поле 'Контактный телефон' должно быть в формате 7XXXXXXXXXX",
        "\"title\": \"\"                               | Поле 'Заголовок' не может быть пустым",
    })
    void eachJobRuleIsA422InTheDocumentsStyle(String override, String detail) throws Exception {
        String replaced = override.formatted("о".repeat(201));
        String body = validJob("HR-1").replace("\"remote\": true", "\"remote\": true, " + replaced);

        Answer answer = post("/jobs", body);

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.detail()).startsWith("Возникли ошибки: " + detail);
    }

    @Test
    void salaryAndPhoneThatFollowTheRulesAreAccepted() throws Exception {
        String body = validJob("HR-2").replace("\"remote\": true", "\"remote\": true, \"salary_from\": \"50000\", "
                + "\"salary_to\": 70000, \"salary_period\": \"monthly\", \"contact_phone\": \"79990001122\", "
                + "\"description\": \"Зарплата 50 000-70 000 рублей, график 2/2\"");

        Answer answer = post("/jobs", body);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().at("/data/attributes/salary_from").asLong()).isEqualTo(50000);
        assertThat(answer.body().at("/data/attributes/contact_phone").asText()).isEqualTo("79990001122");
    }

    @Test
    void unknownProfessionAndPublicationTypeAreRefused() throws Exception {
        Answer profession = post("/jobs", validJob("HR-3").replace("\"profession_id\": 3", "\"profession_id\": 999"));
        Answer noProfession = post("/jobs", validJob("HR-3").replace("\"profession_id\": 3,", ""));
        Answer type = post("/jobs", validJob("HR-3").replace("super_job_publish", "mega_publish"));
        Answer insideJob = post("/jobs", validJob("HR-3").replace("\"profession_id\": 3,", "")
                .replace("\"remote\": true", "\"remote\": true, \"profession_id\": 85"));

        assertThat(profession.status()).isEqualTo(422);
        assertThat(profession.detail()).isEqualTo("Возникли ошибки: Поле 'Профессия' имеет недопустимое значение");
        assertThat(noProfession.detail()).isEqualTo("Возникли ошибки: Поле 'Профессия' не может быть пустым");
        assertThat(type.status()).isEqualTo(422);
        assertThat(type.detail()).isEqualTo("Неизвестный тип публикации");
        assertThat(insideJob.status()).isEqualTo(200);
        assertThat(insideJob.body().at("/data/relationships/profession/data/id").asText()).isEqualTo("85");
    }

    @Test
    void anUpdateChangesOnlyWhatItNames() throws Exception {
        long id = createJob("HR-4");

        Answer answer = put("/jobs/" + id, "{\"job\": { \"title\": \"Новая тестовая вакансия\" }}");
        Answer invalid = put("/jobs/" + id, "{\"job\": { \"lat\": -91 }}");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().at("/data/attributes/title").asText()).isEqualTo("Новая тестовая вакансия");
        assertThat(answer.body().at("/data/attributes/address").asText()).isEqualTo("Москва. Солянка ул., 9");
        assertThat(answer.body().at("/data/attributes/external_id").asText()).isEqualTo("HR-4");
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(sim.state().job(id).orElseThrow().title()).isEqualTo("Новая тестовая вакансия");
        assertThat(put("/jobs/99999", "{\"job\": {}}").status()).isEqualTo(404);
    }

    @Test
    void getAnswersAnObjectAndUnknownJobsAre404() throws Exception {
        long id = createJob("HR-5");

        Answer answer = get("/jobs/" + id);
        Answer missing = get("/jobs/99999");

        assertThat(answer.body().path("data").isObject()).isTrue();
        assertThat(answer.body().at("/data/id").asText()).isEqualTo(Long.toString(id));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.detail()).isEqualTo("Вакансия не найдена");
    }

    @Test
    void closeAndReviveMoveTheJobThroughItsLife() throws Exception {
        long id = createJob("HR-6");

        Answer closed = post("/jobs/" + id + "/close?reason=closed_found", "");
        Answer closedAgain = post("/jobs/" + id + "/close", "{}");
        Answer revived = post("/jobs/" + id + "/revive", "{\"publication_type\": \"ultra_job_publish\"}");
        Answer revivedAgain = post("/jobs/" + id + "/revive", "");
        Answer badReason = post("/jobs/" + id + "/close", "{\"reason\": \"bored\"}");

        assertThat(closed.status()).isEqualTo(200);
        assertThat(closed.body().at("/data/attributes/status").asText()).isEqualTo("closed");
        assertThat(closed.body().at("/data/attributes/current_publication_type").asText()).isEqualTo("not_published");
        assertThat(closedAgain.status()).isEqualTo(422);
        assertThat(closedAgain.detail()).isEqualTo("Вакансия уже закрыта");
        assertThat(revived.status()).isEqualTo(200);
        assertThat(revived.body().at("/data/attributes/status").asText()).isEqualTo("active");
        assertThat(revived.body().at("/data/attributes/current_publication_type").asText())
                .isEqualTo("ultra_job_publish");
        assertThat(revivedAgain.status()).isEqualTo(422);
        assertThat(revivedAgain.detail()).isEqualTo("Вакансия уже опубликована");
        assertThat(badReason.detail()).isEqualTo("Неизвестная причина закрытия");
    }

    @Test
    void anExpiredJobReadsExpiredAndCanBeRevived() throws Exception {
        long id = createJob("HR-7");
        sim.state().expireJob(id);

        assertThat(get("/jobs/" + id).body().at("/data/attributes/status").asText()).isEqualTo("expired");
        Answer revived = post("/jobs/" + id + "/revive", "");
        assertThat(revived.body().at("/data/attributes/status").asText()).isEqualTo("active");
        assertThat(revived.body().at("/data/attributes/current_publication_type").asText()).isEqualTo("job_publish");
    }

    @Test
    void publicationUsesTheJobsLimitFirstThenTheWalletThenRefuses() throws Exception {
        sim.state().setLimit("otvas_jobs_limit", 1);
        sim.state().setBalance("30000.0");
        String plain = validJob("HR-8").replace("super_job_publish", "job_publish");

        assertThat(post("/jobs", plain).status()).isEqualTo(200);
        assertThat(sim.state().company().limit("otvas_jobs_limit")).isZero();
        assertThat(sim.state().company().balanceText()).isEqualTo("30000.0");

        assertThat(post("/jobs", plain).status()).isEqualTo(200);
        assertThat(sim.state().company().balanceText()).isEqualTo("0.0");

        Answer refused = post("/jobs", plain);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.detail()).isEqualTo("Недостаточно средств для публикации вакансии");
        assertThat(sim.state().jobs()).hasSize(2);
        assertThat(sim.state().transactions()).extracting(VkTransaction::subscriptableType)
                .containsExactly("OTVAS", "MVAS");
    }

    @Test
    void theListIsPaged() throws Exception {
        for (int i = 0; i < 3; i++) {
            sim.state().addJob("Вакансия " + i, "HR-L" + i);
        }

        Answer first = get("/jobs?page%5Bnumber%5D=1&page%5Bsize%5D=2");
        Answer second = get("/jobs?page[number]=2&page[size]=2");

        assertThat(first.body().path("data")).extracting(j -> j.at("/attributes/external_id").asText())
                .containsExactly("HR-L0", "HR-L1");
        assertThat(second.body().path("data")).extracting(j -> j.at("/attributes/external_id").asText())
                .containsExactly("HR-L2");
        assertThat(get("/jobs?page[size]=0").status()).isEqualTo(422);
    }

    @Test
    void concurrentCreatesAllLandWithDistinctIds() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Callable<Long>> creates = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                String externalId = "HR-C" + i;
                creates.add(() -> createJob(externalId));
            }
            List<Long> ids = new ArrayList<>();
            for (Future<Long> created : pool.invokeAll(creates)) {
                ids.add(created.get());
            }
            assertThat(ids).doesNotHaveDuplicates().hasSize(64);
            assertThat(sim.state().jobs()).hasSize(64);
            assertThat(sim.state().transactions()).hasSize(64);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aMalformedBodyIsABadRequest() throws Exception {
        Answer answer = post("/jobs", "{\"job\": ");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.detail()).isNotBlank();
        assertThat(sim.state().jobs()).isEmpty();
    }
}
