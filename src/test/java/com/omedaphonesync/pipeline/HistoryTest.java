package com.omedaphonesync.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.omedaphonesync.records.DeadLetter;
import com.omedaphonesync.records.Reason;

/** What the status page shows of the past: the last ten of each, newest first; the queue's last message alone. */
class HistoryTest {
    @Test
    void keepsTheLastTenDeadLettersNewestFirst() {
        History history = new History();
        assertThat(history.deadLetters()).isEmpty();
        for (int i = 1; i <= 13; i++) {
            history.deadLettered(new DeadLetter("id" + i, "B", "queue", Reason.NOT_FOUND, 404, List.of(), null, 1,
                    "2026-12-03T00:00:00Z", "HTTP 404"));
        }
        assertThat(history.deadLetters()).extracting(DeadLetter::customerId)
                .containsExactly("id13", "id12", "id11", "id10", "id9", "id8", "id7", "id6", "id5", "id4");
    }

    @Test
    void keepsTheLastTenFilesAndFiringsAndTheLastMessage() {
        History history = new History();
        for (int i = 1; i <= 12; i++) {
            history.ended(summary("file:f" + i + ".txt"), "output/reports/r" + i + ".json", null);
        }
        history.ended(summary("timer"), null, "held: shutting down");
        history.ended(summary("queue"), null, null);
        history.ended(summary("queue"), null, "held: IOException: disk full");

        assertThat(history.files()).hasSize(10).first().satisfies(unit -> {
            assertThat(unit.summary().source()).isEqualTo("file:f12.txt");
            assertThat(unit.report()).isEqualTo("output/reports/r12.json");
            assertThat(unit.failure()).isNull();
        });
        assertThat(history.firings()).singleElement().extracting(History.Unit::failure)
                .isEqualTo("held: shutting down");
        assertThat(history.lastMessage().failure()).isEqualTo("held: IOException: disk full");
    }

    private static Summary summary(String source) {
        Instant now = Instant.now();
        return Summary.combine(source, List.of(), List.of(), now, now);
    }
}
