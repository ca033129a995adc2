package ru.rabota.sandbox.vk;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A candidate (a job seeker), immutable. Create one with {@link #builder()} and
 * {@link VkState#addCandidate(Builder)}, which assigns the ids.
 *
 * @param sex "Male" or "Female" (candidate search's {@code sex} filter)
 */
public record VkCandidate(long id, String firstName, String lastName, String phone, String description, double lat,
        double lon, String address, String education, String languages, Instant lastOnlineAt, Instant createdAt,
        Instant updatedAt, String email, LocalDate birthday, List<String> drivingLicenseCategories,
        Boolean medicalRecord, boolean activeCandidate, boolean acceptCalls, Integer nationalityId, long cityId,
        String sex, boolean hasAvatar, List<VkExperience> experiences) {

    public static Builder builder() {
        return new Builder();
    }

    /** Months of all experiences with a known duration. */
    public int monthsOfExperience() {
        return experiences.stream().map(VkExperience::duration).filter(d -> d != null).mapToInt(Integer::intValue)
                .sum();
    }

    /** Defaults are the document's Иван Петров from Москва, without experiences. */
    public static final class Builder {
        private String firstName = "Иван";
        private String lastName = "Петров";
        private String phone = "79995225324";
        private String description = "Небольшой текст о себе";
        private double lat = 55.7346276065292;
        private double lon = 37.5734168663621;
        private String address = "Москва, улица Еланского, 2";
        private String education = "Среднее образование";
        private String languages = "Русский";
        private Instant createdAt;
        private String email;
        private LocalDate birthday;
        private List<String> drivingLicenseCategories = List.of();
        private Boolean medicalRecord;
        private Integer nationalityId;
        private long cityId = 1;
        private String sex = "Male";
        private boolean hasAvatar;
        private final List<VkExperience> experiences = new ArrayList<>();

        private Builder() {
        }

        public Builder name(String first, String last) {
            this.firstName = first;
            this.lastName = last;
            return this;
        }

        public Builder phone(String phone) {
            this.phone = phone;
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        /** Where the candidate lives: a point, its address and a city of the reference data. */
        public Builder location(double lat, double lon, String address, long cityId) {
            this.lat = lat;
            this.lon = lon;
            this.address = address;
            this.cityId = cityId;
            return this;
        }

        public Builder education(String education, String languages) {
            this.education = education;
            this.languages = languages;
            return this;
        }

        /** Registration time; the state's clock when not set. */
        public Builder createdAt(Instant createdAt) {
            this.createdAt = createdAt;
            return this;
        }

        public Builder email(String email) {
            this.email = email;
            return this;
        }

        public Builder birthday(LocalDate birthday) {
            this.birthday = birthday;
            return this;
        }

        public Builder drivingLicenseCategories(List<String> categories) {
            this.drivingLicenseCategories = List.copyOf(categories);
            return this;
        }

        public Builder medicalRecord(Boolean medicalRecord) {
            this.medicalRecord = medicalRecord;
            return this;
        }

        public Builder nationalityId(Integer nationalityId) {
            this.nationalityId = nationalityId;
            return this;
        }

        public Builder sex(String sex) {
            this.sex = sex;
            return this;
        }

        public Builder hasAvatar(boolean hasAvatar) {
            this.hasAvatar = hasAvatar;
            return this;
        }

        public Builder experience(String title, String description, Integer months, boolean current,
                Integer professionId) {
            experiences.add(new VkExperience(0, title, description, months, current, professionId));
            return this;
        }

        /** The candidate with its id and its experiences' ids (taken from {@code nextExperienceId} upwards). */
        VkCandidate build(long id, long nextExperienceId, Instant now) {
            List<VkExperience> numbered = new ArrayList<>();
            for (VkExperience experience : experiences) {
                numbered.add(experience.withId(nextExperienceId + numbered.size()));
            }
            Instant created = createdAt == null ? now : createdAt;
            return new VkCandidate(id, firstName, lastName, phone, description, lat, lon, address, education,
                    languages, created, created, created, email, birthday, drivingLicenseCategories, medicalRecord,
                    true, false, nationalityId, cityId, sex, hasAvatar, List.copyOf(numbered));
        }

        int experienceCount() {
            return experiences.size();
        }
    }
}
