package ru.rabota.sandbox.hh;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The slices of hh.ru's dictionaries that publishing checks against: small, because a simulator needs only enough
 * for a client to pass and to fail. Ids and names as hh.ru's dictionaries and the specification's examples show them.
 */
final class HhDictionary {

    /** Leaf regions only: a country or a region with towns ("113" Россия, "2019" Московская область) is refused. */
    static final Map<String, String> AREAS = Map.of("1", "Москва", "2", "Санкт-Петербург", "3", "Екатеринбург",
            "4", "Новосибирск", "66", "Нижний Новгород", "88", "Казань");

    static final Map<String, String> PROFESSIONAL_ROLES = Map.of(
            "40", "Другое",
            "70", "Менеджер по продажам, менеджер по работе с клиентами",
            "96", "Программист, разработчик",
            "97", "Продавец-консультант, продавец-кассир",
            "124", "Тестировщик");

    /** vacancy_billing_type, cheapest first: an edit may only move a vacancy up this list. */
    static final List<String> BILLING_TYPES = List.of("free", "standard", "standard_plus", "premium");

    static final Map<String, String> BILLING_TYPE_NAMES = Map.of("free", "Бесплатная", "standard", "Стандарт",
            "standard_plus", "Стандарт плюс", "premium", "Премиум");

    static final Map<String, String> VACANCY_TYPES = Map.of("open", "Открытая", "closed", "Закрытая",
            "anonymous", "Анонимная", "direct", "Рекламная");

    static final Set<String> CURRENCIES = Set.of("RUR", "USD", "EUR", "KZT", "BYR", "UAH", "AZN", "UZS", "GEL",
            "KGS");

    static final Map<String, String> SALARY_MODES = Map.of("MONTH", "За месяц", "SHIFT", "За смену",
            "HOUR", "За час", "FLY_IN_FLY_OUT", "За вахту");

    static final Map<String, String> SALARY_FREQUENCIES = Map.of("DAILY", "Каждый день", "WEEKLY", "Раз в неделю",
            "TWICE_PER_MONTH", "Два раза в месяц", "MONTHLY", "Раз в месяц", "PER_PROJECT", "За проект");

    private HhDictionary() {
    }
}
