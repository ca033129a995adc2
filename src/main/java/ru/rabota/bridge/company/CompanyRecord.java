package ru.rabota.bridge.company;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One record for {@code rabota.company}.
 *
 * @param version what decides whether the record changed since the last one Kafka took under its key: the value
 *                itself, or for an alert its state (so a balance that keeps falling raises one alert)
 */
record CompanyRecord(String key, String event, ObjectNode value, String version) {
}
