package ru.rabota.sandbox.hh;

/** A vacancy of the simulated employer; negotiations exist only for known vacancies. */
public record HhVacancy(String id, String name) {
}
