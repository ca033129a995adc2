package ru.rabota.sandbox.vk;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * The company's state at one moment. Money is in kopecks.
 *
 * @param limits OTVAS limits by company attribute name ({@code otvas_jobs_limit}, ...), in print order
 */
public record VkCompany(long id, BigDecimal balance, BigDecimal bonusBalance, Map<String, Integer> limits,
        String walletId, Instant otvasExpiresAt) {

    /** The balance as the API prints it: a decimal string in kopecks with at least one decimal ("67500.0"). */
    public String balanceText() {
        return balance.scale() < 1 ? balance.setScale(1).toPlainString() : balance.toPlainString();
    }

    public int limit(String attribute) {
        return limits.getOrDefault(attribute, 0);
    }
}
