package ru.rabota.bridge.vas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.LogCapture;
import ru.rabota.bridge.properties.InvalidPropertyException;

class SpendingLimitsTest {

    @Test
    void defaultsAreABudgetOf1000AndNoContacts() {
        SpendingLimits limits = SpendingLimits.from(properties(new Properties()));

        assertThat(limits.dailyBudget()).isEqualByComparingTo("1000");
        assertThat(limits.defaultPrice()).isEqualByComparingTo("300");
        assertThat(limits.contactsEnabled()).isFalse();
        assertThat(limits.dailyLimits()).isEmpty();
    }

    @Test
    void anActionIsLimitedUnderAnyOfItsNamesTheSmallerWinningAndUnknownNamesAreReported() {
        Properties set = new Properties();
        set.put("bridge.vas.daily-limit.elevation_1d", "3");
        set.put("bridge.vas.daily-limit.job_elevate_1d", "5");
        set.put("bridge.vas.daily-limit.job_highlight", "10");
        set.put("bridge.vas.daily-limit.job_highlite", "1");
        set.put("bridge.vas.contacts.enabled", "true");
        set.put("bridge.vas.daily-budget", "2500.50");

        try (LogCapture logs = new LogCapture()) {
            SpendingLimits limits = SpendingLimits.from(properties(set));

            assertThat(limits.dailyLimit(VasCode.JOB_ELEVATE_1D)).contains(3);
            assertThat(limits.dailyLimit(VasCode.JOB_HIGHLIGHT)).contains(10);
            assertThat(limits.dailyLimit(VasCode.JOB_REFRESH)).isEmpty();
            assertThat(limits.contactsEnabled()).isTrue();
            assertThat(limits.dailyBudget()).isEqualByComparingTo("2500.50");
            assertThat(logs.lines("WARN", "bridge.vas.daily-limit.job_highlite names no paid action")).isEqualTo(1);
        }
    }

    @Test
    void aLimitThatIsNoWholeNumberIsNamedWithItsValue() {
        Properties set = new Properties();
        set.put("bridge.vas.daily-limit.job_highlight", "ten");

        assertThatThrownBy(() -> SpendingLimits.from(properties(set))).isInstanceOf(InvalidPropertyException.class)
                .hasMessage("bridge.vas.daily-limit.job_highlight = 'ten' is not a whole number of actions, 0 or more");
    }

    /** The given values over the defaults of config/application.properties. */
    private static PropertiesComponent properties(Properties values) {
        PropertiesComponent properties = new DefaultCamelContext().getPropertiesComponent();
        properties.setLocation("classpath:application.properties");
        properties.setOverrideProperties(values);
        return properties;
    }
}
