package ru.rabota.bridge.hh;

/**
 * The hh.ru properties ({@code bridge.hh.*}) that decide whether the poll can run; the secrets stay out of here.
 *
 * @param vacancyIds comma-separated
 */
public record HhSettings(boolean enabled, String userAgent, String vacancyIds) {

    public boolean userAgentMissing() {
        return userAgent == null || userAgent.isBlank();
    }
}
