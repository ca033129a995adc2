package ru.rabota.sandbox.vk;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * The Job model's rules. Permitted client attributes are coerced as Rails casts them (numbers and booleans may
 * come as strings; others are dropped, as strong parameters drop them), then checked. An answer names the first
 * problem only, the address first: the document's own example, a job with nothing but a title, gets exactly
 * "Возникли ошибки: Поле 'Адрес' не может быть пустым".
 */
final class JobRules {

    private enum Kind { TEXT, NUMBER, INTEGER, BOOLEAN }

    private record Field(Kind kind, String label) {
    }

    private static final Map<String, Field> PERMITTED = new LinkedHashMap<>();

    static {
        PERMITTED.put("title", new Field(Kind.TEXT, "Заголовок"));
        PERMITTED.put("description", new Field(Kind.TEXT, "Описание"));
        PERMITTED.put("lat", new Field(Kind.NUMBER, "Широта"));
        PERMITTED.put("long", new Field(Kind.NUMBER, "Долгота"));
        PERMITTED.put("address", new Field(Kind.TEXT, "Адрес"));
        PERMITTED.put("salary_from", new Field(Kind.INTEGER, "Зарплата от"));
        PERMITTED.put("salary_to", new Field(Kind.INTEGER, "Зарплата до"));
        PERMITTED.put("salary_period", new Field(Kind.TEXT, "Период оплаты"));
        PERMITTED.put("contact_phone", new Field(Kind.TEXT, "Контактный телефон"));
        PERMITTED.put("autoreply_text", new Field(Kind.TEXT, "Текст автоответа"));
        PERMITTED.put("has_autoreply", new Field(Kind.BOOLEAN, "Автоответ"));
        PERMITTED.put("auto_renew", new Field(Kind.BOOLEAN, "Автопродление"));
        PERMITTED.put("remote", new Field(Kind.BOOLEAN, "Удалённая работа"));
        PERMITTED.put("external_id", new Field(Kind.TEXT, "Внешний идентификатор"));
        PERMITTED.put("call_only", new Field(Kind.BOOLEAN, "Только звонки"));
        PERMITTED.put("parttime", new Field(Kind.BOOLEAN, "Частичная занятость"));
        PERMITTED.put("watch", new Field(Kind.BOOLEAN, "Вахта"));
        PERMITTED.put("no_experience", new Field(Kind.BOOLEAN, "Без опыта"));
        PERMITTED.put("disabilities", new Field(Kind.BOOLEAN, "Для людей с инвалидностью"));
    }

    static final List<String> SALARY_PERIODS = List.of("hourly", "daily", "monthly");
    static final int MAX_DESCRIPTION = 200;

    private static final Pattern PHONE_FORMAT = Pattern.compile("7\\d{10}");
    /** Contact details a description must not carry: phone numbers, e-mail addresses, links. */
    private static final List<Pattern> CONTACTS = List.of(
            Pattern.compile("(?<!\\d)(?:\\+7|8|7)[\\s(-]*\\d{3}[\\s)-]*\\d{3}[\\s-]*\\d{2}[\\s-]*\\d{2}(?!\\d)"),
            Pattern.compile("(?<!\\d)\\d{3}[\\s-]\\d{2}[\\s-]\\d{2}(?!\\d)"),
            Pattern.compile("[\\w.+-]+@[\\w-]+\\.[\\w.-]+"),
            Pattern.compile("(?i)(?:https?://|www\\.)\\S+"),
            Pattern.compile("(?i)[\\p{L}\\d-]+\\.(?:ru|com|net|org|su|info|biz|io|me|рф)(?![\\p{L}\\d])"));

    private JobRules() {
    }

    /** The attributes a new job has before the client's: the document's false flags, nulls elsewhere. */
    static ObjectNode defaults() {
        ObjectNode fields = VkJson.MAPPER.createObjectNode();
        PERMITTED.forEach((name, field) -> fields.putNull(name));
        List.of("remote", "call_only", "has_autoreply", "parttime", "watch", "no_experience", "disabilities")
                .forEach(name -> fields.put(name, false));
        return fields;
    }

    /** {@code current} with the permitted attributes of {@code input} on top, coerced and checked. */
    static ObjectNode apply(ObjectNode current, JsonNode input) {
        ObjectNode result = current.deepCopy();
        PERMITTED.forEach((name, field) -> {
            if (input.has(name)) {
                result.set(name, coerce(input.get(name), field));
            }
        });
        firstProblem(result).ifPresent(problem -> {
            throw VkError.invalid(problem);
        });
        return result;
    }

    /** The profession id of a job: present, a number, and in the reference data. */
    static int profession(JsonNode value, VkReferenceData reference) {
        String text = Params.text(value);
        if (text == null || text.isBlank()) {
            throw VkError.invalid("Поле 'Профессия' не может быть пустым");
        }
        try {
            int id = Integer.parseInt(text.trim());
            if (reference.profession(id).isPresent()) {
                return id;
            }
        } catch (NumberFormatException e) {
            // answered below like an unknown id
        }
        throw VkError.invalid("Поле 'Профессия' имеет недопустимое значение");
    }

    private static Optional<String> firstProblem(ObjectNode job) {
        String description = job.path("description").asText("");
        Double lat = number(job, "lat");
        Double lon = number(job, "long");
        Long from = job.path("salary_from").isNull() ? null : job.path("salary_from").asLong();
        Long to = job.path("salary_to").isNull() ? null : job.path("salary_to").asLong();
        String period = Params.text(job.path("salary_period"));
        String phone = Params.text(job.path("contact_phone"));
        Map<String, Boolean> rules = new LinkedHashMap<>();
        rules.put(blank("Адрес"), isBlank(job, "address"));
        rules.put(blank("Заголовок"), isBlank(job, "title"));
        rules.put(blank("Описание"), isBlank(job, "description"));
        rules.put("Поле 'Описание' не может быть длиннее " + MAX_DESCRIPTION + " символов",
                description.codePointCount(0, description.length()) > MAX_DESCRIPTION);
        rules.put("Поле 'Описание' не может содержать контактную информацию (телефоны, e-mail, ссылки)",
                CONTACTS.stream().anyMatch(p -> p.matcher(description).find()));
        rules.put(blank("Широта"), lat == null);
        rules.put("Поле 'Широта' должно быть в диапазоне от -90 до 90", lat != null && Math.abs(lat) > 90);
        rules.put(blank("Долгота"), lon == null);
        rules.put("Поле 'Долгота' должно быть в диапазоне от -180 до 180", lon != null && Math.abs(lon) > 180);
        rules.put("Поле 'Зарплата от' не может быть отрицательным", from != null && from < 0);
        rules.put("Поле 'Зарплата от' не может быть больше поля 'Зарплата до'",
                from != null && to != null && from > to);
        rules.put(blank("Период оплаты"), period == null && (from != null || to != null));
        rules.put("Поле 'Период оплаты' имеет недопустимое значение",
                period != null && !SALARY_PERIODS.contains(period));
        rules.put("Поле 'Контактный телефон' должно быть в формате 7XXXXXXXXXX",
                phone != null && !PHONE_FORMAT.matcher(phone).matches());
        return rules.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).findFirst();
    }

    private static String blank(String label) {
        return "Поле '" + label + "' не может быть пустым";
    }

    private static boolean isBlank(ObjectNode job, String name) {
        String text = Params.text(job.path(name));
        return text == null || text.isBlank();
    }

    private static Double number(ObjectNode job, String name) {
        return job.path(name).isNumber() ? job.get(name).asDouble() : null;
    }

    private static JsonNode coerce(JsonNode value, Field field) {
        if (value.isNull() || (value.isTextual() && value.asText().isEmpty() && field.kind() != Kind.TEXT)) {
            return NullNode.instance;
        }
        if (!value.isValueNode()) {
            throw VkError.invalid("Поле '" + field.label() + "' имеет недопустимое значение");
        }
        String text = value.asText().trim();
        return switch (field.kind()) {
            case TEXT -> TextNode.valueOf(value.asText());
            case NUMBER -> parse(text, field, "должно быть числом", JobRules::finite);
            case INTEGER -> parse(text, field, "должно быть целым числом",
                    t -> LongNode.valueOf(new BigDecimal(t).longValueExact()));
            case BOOLEAN -> parse(text, field, "должно быть true или false", JobRules::bool);
        };
    }

    private static JsonNode parse(String text, Field field, String expectation, Function<String, JsonNode> parser) {
        try {
            return parser.apply(text);
        } catch (ArithmeticException | IllegalArgumentException e) {
            throw VkError.invalid("Поле '" + field.label() + "' " + expectation);
        }
    }

    private static JsonNode finite(String text) {
        double number = Double.parseDouble(text);
        if (!Double.isFinite(number)) {
            throw new IllegalArgumentException(text);
        }
        return DoubleNode.valueOf(number);
    }

    private static JsonNode bool(String text) {
        return switch (text) {
            case "true", "1" -> BooleanNode.TRUE;
            case "false", "0" -> BooleanNode.FALSE;
            default -> throw new IllegalArgumentException(text);
        };
    }
}
