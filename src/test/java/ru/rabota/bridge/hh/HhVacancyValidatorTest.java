package ru.rabota.bridge.hh;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class HhVacancyValidatorTest {

    private static ObjectNode withSalary(String range) throws Exception {
        return (ObjectNode) new ObjectMapper().readTree("""
                {"name":"Курьер","code":"HR-1","description":"%s","area":{"id":"1"},"billing_type":{"id":"standard"},
                 "type":{"id":"open"},"professional_roles":[{"id":"96"}],"salary_range":%s}"""
                .formatted("Доставка заказов. ".repeat(15), range));
    }

    @Test
    void aSalaryBoundMayBeNullAsHhRuAllows() throws Exception {
        assertThat(HhVacancyValidator.violations(withSalary(
                "{\"from\":null,\"to\":90000,\"currency\":\"RUR\",\"gross\":false,\"mode\":{\"id\":\"MONTH\"}}")))
                .isEmpty();
        assertThat(HhVacancyValidator.violations(withSalary(
                "{\"from\":50000,\"to\":null,\"currency\":\"RUR\",\"gross\":false,\"mode\":{\"id\":\"MONTH\"}}")))
                .isEmpty();
    }

    @Test
    void aNameUpTo220CharactersPassesAndExactlyOneProfessionalRoleIsAsked() throws Exception {
        ObjectNode body = withSalary("null");
        body.remove("salary_range");
        body.put("name", "Курьер ".repeat(30).strip());
        // hh.ru takes 220 characters (before, 100 were refused here)
        assertThat(HhVacancyValidator.violations(body)).isEmpty();
        body.put("name", "К".repeat(221));
        body.withArray("professional_roles").addObject().put("id", "97");

        // before, the two roles went out and hh.ru refused them with is_too_long
        assertThat(HhVacancyValidator.violations(body)).containsExactly(
                "hh.name: 221 characters, hh.ru allows 220",
                "hh.professional_roles: 2 roles ([{\"id\":\"96\"},{\"id\":\"97\"}]), hh.ru takes exactly one");
    }

    @Test
    void aBoundThatIsNoWholeNumberOfRoublesIsNamed() throws Exception {
        assertThat(HhVacancyValidator.violations(withSalary("{\"from\":\"много\",\"to\":90000}")))
                .containsExactly("hh.salary_range: \"много\" is no whole number of roubles");
        assertThat(HhVacancyValidator.violations(withSalary("{\"from\":100000,\"to\":90000}")))
                .containsExactly("hh.salary_range: from 100000 is above to 90000");
    }

    @Test
    void aBlankCodeGivenInTheHhObjectIsNamed() throws Exception {
        ObjectNode body = withSalary("null");
        body.remove("salary_range");
        body.put("code", " ");

        // hh.ru's code is how the vacancy of a lost answer is found again: a blank one would be published unfindable
        assertThat(HhVacancyValidator.violations(body)).containsExactly("hh.code: ' ' is blank");
    }
}
