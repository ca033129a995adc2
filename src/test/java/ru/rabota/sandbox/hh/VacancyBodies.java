package ru.rabota.sandbox.hh;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Publication bodies that hh.ru's rules accept, for tests to spoil one field at a time. */
final class VacancyBodies {

    static final ObjectMapper MAPPER = new ObjectMapper();

    /** 227 characters of text, in a paragraph. */
    static final String DESCRIPTION = "<p>" + "Описание вакансии. ".repeat(12) + "</p>";

    private VacancyBodies() {
    }

    /** An open, standard vacancy in Москва for role 96, with a monthly salary range and a code. */
    static ObjectNode valid(String name, String code) {
        ObjectNode body = MAPPER.createObjectNode().put("name", name).put("description", DESCRIPTION);
        body.putObject("area").put("id", "1");
        body.putArray("professional_roles").addObject().put("id", "96");
        body.putObject("billing_type").put("id", "standard");
        body.putObject("type").put("id", "open");
        body.put("code", code);
        ObjectNode salary = body.putObject("salary_range").put("from", 100_000).put("to", 150_000)
                .put("currency", "RUR").put("gross", false);
        salary.putObject("mode").put("id", "MONTH");
        salary.putObject("frequency").put("id", "MONTHLY");
        return body;
    }
}
