package ru.rabota.sandbox.hh;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static ru.rabota.sandbox.hh.HhSimulatorConfig.Edition.EDITION_2015;

class HhActivityTest {

    @Test
    void theSameSeedBringsTheSameNegotiations() {
        try (HhSimulator one = new HhSimulator(new HhSimulatorConfig().edition(EDITION_2015).seed(11));
                HhSimulator two = new HhSimulator(new HhSimulatorConfig().edition(EDITION_2015).seed(11));
                HhSimulator other = new HhSimulator(new HhSimulatorConfig().edition(EDITION_2015).seed(12))) {
            for (int i = 0; i < 40; i++) {
                one.activityStep();
                two.activityStep();
                other.activityStep();
            }

            assertThat(summary(one)).hasSize(40).isEqualTo(summary(two)).isNotEqualTo(summary(other));
        }
    }

    @Test
    void negotiationsArriveInInboxAndSomeMoveOn() {
        try (HhSimulator simulator = new HhSimulator(new HhSimulatorConfig().edition(EDITION_2015).seed(5))) {
            for (int i = 0; i < 40; i++) {
                simulator.activityStep();
            }

            List<HhNegotiation> all = simulator.negotiations();
            assertThat(all).anyMatch(n -> n.resume() == null).anyMatch(n -> n.resume() != null);
            assertThat(all).anyMatch(n -> n.collection().equals("inbox") && n.stateId().equals("response"));
            assertThat(all).anyMatch(n -> n.collection().equals("invited") && n.stateId().equals("invitation"));
            assertThat(all).anyMatch(n -> n.collection().equals("discarded") && n.stateId().equals("discard"));
            assertThat(all).extracting(HhNegotiation::vacancyId).contains("123456", "123457");
        }
    }

    @Test
    void noOneRespondsToAnArchivedVacancyNorIsMovedThere() {
        try (HhSimulator simulator = new HhSimulator(new HhSimulatorConfig().edition(EDITION_2015).seed(5))) {
            simulator.archiveVacancy("123457");
            List<HhNegotiation> before = simulator.negotiations("123457");
            for (int i = 0; i < 40; i++) {
                simulator.activityStep();
            }

            assertThat(simulator.negotiations("123457")).isEqualTo(before);
            assertThat(simulator.negotiations("123456")).hasSizeGreaterThan(20);
        }
    }

    @Test
    void seededNegotiationsAndTimedActivity() throws Exception {
        try (HhSimulator simulator = new HhSimulator(new HhSimulatorConfig().edition(EDITION_2015).negotiationsPerVacancy(3)).start()) {
            assertThat(simulator.negotiations("123456")).hasSize(3).allMatch(n -> n.collection().equals("inbox"));

            simulator.startActivity(Duration.ofMillis(20));
            await().until(() -> simulator.negotiations().size() >= 10);
            simulator.stopActivity();
        }
    }

    private static List<String> summary(HhSimulator simulator) {
        return simulator.negotiations().stream()
                .map(n -> n.id() + n.vacancyId() + n.collection() + n.stateId()
                        + (n.resume() == null ? "-" : n.resume().id() + n.resume().lastName()))
                .toList();
    }
}
