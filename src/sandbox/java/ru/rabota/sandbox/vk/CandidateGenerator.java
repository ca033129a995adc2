package ru.rabota.sandbox.vk;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;

/**
 * Plausible candidates from a seeded {@link Random}: Russian names, a phone, a city of the reference data,
 * zero to two experiences (some with a profession), and sometimes a nationality, a birthday, an e-mail, a
 * driving licence, a medical record or an avatar.
 */
final class CandidateGenerator {

    private static final List<String> MEN = List.of("Иван", "Алексей", "Дмитрий", "Сергей", "Андрей", "Михаил",
            "Никита", "Артём", "Павел", "Олег");
    private static final List<String> WOMEN = List.of("Анна", "Мария", "Елена", "Ольга", "Наталья", "Дарья",
            "Екатерина", "Юлия", "Ксения", "Алина");
    private static final List<String> SURNAMES = List.of("Петров", "Иванов", "Смирнов", "Кузнецов", "Попов",
            "Соколов", "Лебедев", "Козлов", "Новиков", "Морозов");
    private static final List<String> ABOUT = List.of("Ответственный, пунктуальный, быстро учусь",
            "Ищу работу рядом с домом", "Есть опыт работы в сфере обслуживания", "Готов к сменному графику",
            "Рассматриваю подработку по выходным");
    private static final List<String> PLACES = List.of("Кафе «Уют»", "Магазин «Продукты у дома»",
            "Склад ООО «Логистика»", "Служба доставки «Быстро»", "Торговый центр «Радуга»");
    private static final List<String> DUTIES = List.of("Обслуживание гостей", "Работа с кассой",
            "Приёмка и выкладка товара", "Доставка заказов", "Комплектация заказов");
    private static final List<String> STREETS = List.of("Ленина", "Гагарина", "Советская", "Мира", "Садовая");

    private final Random random;
    private final VkReferenceData reference;

    CandidateGenerator(Random random, VkReferenceData reference) {
        this.random = random;
        this.reference = reference;
    }

    VkCandidate.Builder next(Instant now) {
        boolean woman = random.nextBoolean();
        String surname = pick(SURNAMES) + (woman ? "а" : "");
        VkReferenceData.City city = pick(reference.cities());
        VkCandidate.Builder builder = VkCandidate.builder()
                .name(pick(woman ? WOMEN : MEN), surname)
                .sex(woman ? "Female" : "Male")
                .phone("79" + String.format("%09d", random.nextInt(1_000_000_000)))
                .description(pick(ABOUT))
                .location(city.lat() + (random.nextDouble() - 0.5) / 10, city.lon() + (random.nextDouble() - 0.5) / 10,
                        city.name() + ", улица " + pick(STREETS) + ", " + (1 + random.nextInt(99)), city.id())
                .createdAt(now)
                .birthday(chance(70) ? LocalDate.of(1965 + random.nextInt(40), 1 + random.nextInt(12),
                        1 + random.nextInt(28)) : null)
                .email(chance(30) ? "candidate" + random.nextInt(1_000_000) + "@example.com" : null)
                .drivingLicenseCategories(chance(25) ? List.of("B") : List.of())
                .medicalRecord(chance(50) ? random.nextBoolean() : null)
                .nationalityId(chance(40) ? pick(reference.nationalities()).id() : null)
                .hasAvatar(chance(30));
        int experiences = random.nextInt(3);
        for (int i = 0; i < experiences; i++) {
            Integer months = chance(60) ? 1 + random.nextInt(36) : null;
            builder.experience(pick(PLACES), pick(DUTIES), months, i == 0 && chance(50),
                    chance(60) ? pick(reference.professions()).id() : null);
        }
        return builder;
    }

    private boolean chance(int percent) {
        return random.nextInt(100) < percent;
    }

    private <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }
}
