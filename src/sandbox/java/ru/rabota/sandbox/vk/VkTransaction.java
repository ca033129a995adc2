package ru.rabota.sandbox.vk;

import java.time.Instant;
import java.util.List;

/**
 * One change of the company's VAS balance.
 *
 * @param subscriptableType OTVAS (a limit was used), MVAS (the wallet paid) or BVAS (bonuses paid)
 */
public record VkTransaction(long id, Instant createdAt, String subscriptableType, String creator,
        List<String> appliedChanges) {
}
