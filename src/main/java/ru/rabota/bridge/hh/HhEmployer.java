package ru.rabota.bridge.hh;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The employer the hh.ru token acts for, bound as {@code hhEmployer} for route {@code hh-employer}:
 * {@code bridge.hh.employer-id}, else read once from {@code GET /me} ({@code employer.id}). The active vacancies poll
 * and the vacancy archive need it.
 */
public final class HhEmployer {

    private static final Logger LOG = LoggerFactory.getLogger(HhEmployer.class);

    private volatile String id;

    /** @param configured {@code bridge.hh.employer-id}, blank to read it from {@code GET /me} */
    public HhEmployer(String configured) {
        this.id = configured == null || configured.isBlank() ? null : configured.trim();
    }

    /** @throws IllegalStateException when it is still to be read ({@link #unknown}) */
    public String id() {
        String known = id;
        if (known == null) {
            throw new IllegalStateException("the hh.ru employer is not known yet: route hh-employer reads it");
        }
        return known;
    }

    /** Whether the id is still to be read from {@code GET /me}. */
    public boolean unknown() {
        return id == null;
    }

    /**
     * Keeps the employer of an answer to {@code GET /me}.
     *
     * @throws IllegalStateException when the token is not an employer's
     */
    public String learn(JsonNode me) {
        String read = me.path("employer").path("id").asText("");
        if (read.isEmpty()) {
            throw new IllegalStateException("hh.ru GET /me names no employer: bridge.hh.access-token is not an"
                    + " employer's token");
        }
        LOG.info("hh.ru employer {} (from GET /me)", read);
        id = read;
        return read;
    }
}
