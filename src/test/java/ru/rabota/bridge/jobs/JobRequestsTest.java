package ru.rabota.bridge.jobs;

import java.util.Map;

import org.junit.jupiter.api.Test;

import ru.rabota.bridge.command.CommandLimits;

import static org.assertj.core.api.Assertions.assertThat;

class JobRequestsTest {

    private static final CommandLimits LIMITS = new CommandLimits(1 << 20, 64, 1 << 16);

    @Test
    void upsertBodyCarriesTheJobWithItsExternalIdTheProfessionAndThePublicationType() {
        JobCommand command = JobCommandParser.parse("""
                {"command": "upsert", "external_id": "HR-1001", "request_id": "r-1", "profession": "актер",
                 "publication_type": "super_job_publish",
                 "job": {"title": "Актёр", "description": "Съёмки", "lat": 55.35, "long": 37.55, "address": "Москва",
                         "salary_from": 50000.0, "remote": true, "has_autoreply": true, "external_id": "other"}}""", LIMITS);

        assertThat(JobRequests.upsertBody(command, 85)).hasToString("""
                {"job":{"title":"Актёр","description":"Съёмки","lat":55.35,"long":37.55,"address":"Москва",\
                "salary_from":50000,"remote":true,"has_autoreply":true,"external_id":"HR-1001"},\
                "profession_id":85,"publication_type":"super_job_publish"}""");
    }

    @Test
    void upsertBodyWithoutPublicationTypeLeavesItToTheApi() {
        JobCommand command = JobCommandParser.parse("""
                {"command": "upsert", "external_id": "HR-1", "job": {"title": "Т"}}""", LIMITS);

        assertThat(JobRequests.upsertBody(command, 3))
                .hasToString("{\"job\":{\"title\":\"Т\",\"external_id\":\"HR-1\"},\"profession_id\":3}");
    }

    @Test
    void closeSendsTheReasonOrTheApisDefault() {
        assertThat(JobRequests.closeParams(new JobCommand("close", "HR-1", null, null, null, null, "closed_found", null)))
                .containsExactlyEntriesOf(Map.of("reason", "closed_found"));
        assertThat(JobRequests.closeParams(new JobCommand("close", "HR-1", null, null, null, null, null, null)))
                .containsExactlyEntriesOf(Map.of("reason", "closed_irrelevant"));
    }

    @Test
    void reviveSendsThePublicationTypeOrTheApisDefault() {
        assertThat(JobRequests.reviveParams(new JobCommand("revive", "HR-1", null, null, null, "ultra_job_publish",
                null, null))).containsExactlyEntriesOf(Map.of("publication_type", "ultra_job_publish"));
        assertThat(JobRequests.reviveParams(new JobCommand("revive", "HR-1", null, null, null, null, null, null)))
                .containsExactlyEntriesOf(Map.of("publication_type", "job_publish"));
    }
}
