package ru.rabota.sandbox.hh;

/**
 * The resume shown in a negotiation, as far as the simulator varies it; everything else in the answer's
 * {@code resume} object is fixed. {@code middleName}, {@code age}, {@code company} and {@code salary} may be
 * null; {@code gender} is {@code male} or {@code female}.
 */
public record HhResume(String id, String title, String firstName, String lastName, String middleName,
        Integer age, String gender, String areaId, String areaName, String company, Integer salary) {

    /** A resume with only the fields a test usually cares about, in Moscow, without experience or salary. */
    public static HhResume of(String id, String firstName, String lastName, String title) {
        return new HhResume(id, title, firstName, lastName, null, null, "male", "1", "Москва", null, null);
    }
}
