package ru.rabota.sandbox.hh;

/**
 * A vacancy of the simulated employer; negotiations exist only for known vacancies.
 *
 * @param managerId the manager whose vacancy it is; null: the token's user
 */
public record HhVacancy(String id, String name, String managerId) {

    public HhVacancy(String id, String name) {
        this(id, name, null);
    }
}
