package ru.rabota.sandbox.vk;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The dictionaries the simulator serves: the document's own entries first (professions 85, 93, 79, 87, 74,
 * its two categories, three regions, two cities, twelve nationalities), then a few more so that the
 * document's examples ({@code profession_id: 3}) and generated candidates have something to point at.
 */
public record VkReferenceData(List<Profession> professions, List<Category> categories, List<Region> regions,
        List<City> cities, List<Nationality> nationalities) {

    public record Profession(int id, String title) {
    }

    /**
     * {@code resourceId} is the JSON:API {@code id}, {@code id} the attribute: the document's second category
     * prints {@code "id": "2"} beside {@code "attributes": {"id": 10}}, and the simulator repeats it as printed.
     */
    public record Category(String resourceId, int id, String name, String transliteratedName, boolean popular,
            int sortingValue, Integer salaryTo, String iconImageUrl) {
    }

    /** {@code code} is the numeric region id cities refer to ({@code region_id}); only name and fias_id are served. */
    public record Region(String name, String fiasId, int code) {
    }

    /** lat/long place generated candidates in the city; only id, region_id and name are served. */
    public record City(long id, int regionId, String name, double lat, double lon) {
    }

    public record Nationality(int id, String name) {
    }

    public static VkReferenceData defaults() {
        return new VkReferenceData(
                List.of(new Profession(85, "актер"), new Profession(93, "массовка"), new Profession(79, "рекламщик"),
                        new Profession(87, "GO-GO DANCE"), new Profession(74, "IT-специалист"),
                        new Profession(1, "официант"), new Profession(2, "продавец-консультант"),
                        new Profession(3, "курьер"), new Profession(4, "водитель"), new Profession(5, "грузчик"),
                        new Profession(6, "кассир"), new Profession(7, "повар"), new Profession(8, "бариста"),
                        new Profession(9, "охранник"), new Profession(10, "уборщик")),
                List.of(new Category("1", 1, "Общепит", "obshchepit", true, 24, 150000,
                                "https://hb.bizmrg.com/worki-production/uploads/category/icon_image/1/restaurants.png"),
                        new Category("2", 10, "Магазины", "magaziny", true, 43, null,
                                "https://hb.bizmrg.com/worki-staging/uploads/category/icon_image/2/retail.png"),
                        new Category("3", 3, "Доставка", "dostavka", true, 12, 120000, null),
                        new Category("4", 4, "Склад", "sklad", false, 30, 90000, null)),
                List.of(new Region("Вся Россия", "00000000-0000-0000-0000-000000000000", 0),
                        new Region("Москва", "0c5b2444-70a0-4932-980c-b4dc0d3f02b5", 77),
                        new Region("Московская область", "29251dcf-00a1-4e34-98d4-5c47484a36d4", 50),
                        new Region("Санкт-Петербург", "c2deb16a-0330-4f05-821f-1d09c93331e6", 78),
                        new Region("Нижегородская область", "88cd27e2-6a8a-4421-9718-719a28a0a088", 52),
                        new Region("Республика Хакасия", "8d3f1d35-f0f4-41b5-b5b7-e7cadf3e7bd7", 19)),
                List.of(new City(286214595, 19, "Абаза", 52.65, 90.09),
                        new City(191657470, 19, "Абакан", 53.72, 91.44),
                        new City(1, 77, "Москва", 55.7558, 37.6173),
                        new City(2, 78, "Санкт-Петербург", 59.9386, 30.3141),
                        new City(3, 52, "Нижний Новгород", 56.3269, 44.0059),
                        new City(4, 50, "Химки", 55.8970, 37.4297)),
                List.of(new Nationality(1, "Российская Федерация"), new Nationality(3, "Азербайджан"),
                        new Nationality(5, "Армения"), new Nationality(4, "Республика Беларусь"),
                        new Nationality(6, "Грузия"), new Nationality(7, "Казахстан"), new Nationality(8, "Киргизия"),
                        new Nationality(9, "Молдавия"), new Nationality(10, "Таджикистан"),
                        new Nationality(11, "Узбекистан"), new Nationality(12, "Украина"),
                        new Nationality(13, "Другое")));
    }

    /** A copy with one more profession (or a new title for an existing id). */
    public VkReferenceData withProfession(int id, String title) {
        List<Profession> copy = new ArrayList<>(professions);
        copy.removeIf(p -> p.id() == id);
        copy.add(new Profession(id, title));
        return new VkReferenceData(List.copyOf(copy), categories, regions, cities, nationalities);
    }

    public Optional<Profession> profession(int id) {
        return professions.stream().filter(p -> p.id() == id).findFirst();
    }

    public Optional<Nationality> nationality(int id) {
        return nationalities.stream().filter(n -> n.id() == id).findFirst();
    }

    public Optional<City> city(long id) {
        return cities.stream().filter(c -> c.id() == id).findFirst();
    }

    /** A region by its numeric code or by its fias_id (candidate search's {@code region_id} may be either). */
    public Optional<Region> region(String codeOrFias) {
        return regions.stream()
                .filter(r -> r.fiasId().equalsIgnoreCase(codeOrFias) || Integer.toString(r.code()).equals(codeOrFias))
                .findFirst();
    }
}
