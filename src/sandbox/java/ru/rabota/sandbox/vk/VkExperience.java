package ru.rabota.sandbox.vk;

/** A candidate's past job; {@code professionId} may be null, as in the document's examples. */
public record VkExperience(long id, String title, String description, Integer duration, boolean current,
        Integer professionId) {

    VkExperience withId(long newId) {
        return new VkExperience(newId, title, description, duration, current, professionId);
    }
}
