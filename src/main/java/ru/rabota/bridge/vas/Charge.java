package ru.rabota.bridge.vas;

import java.math.BigDecimal;

/** One paid action counted against the day's limits, at its price in roubles. */
public record Charge(VasCode action, BigDecimal price) {
}
