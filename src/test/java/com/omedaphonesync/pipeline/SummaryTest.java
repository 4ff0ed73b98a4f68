package com.omedaphonesync.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.omedaphonesync.records.Reason;

/** The summary line and the report: grammar, rounding, when and what was read. */
class SummaryTest {
    private static final Instant START = Instant.parse("2026-12-01T02:00:00.123456Z");

    private static Summary part(long read, long duplicates) {
        Map<Reason, Long> dead = Summary.noDeadLetters();
        return new Summary("file:ids.txt", List.of("/in/ids.txt"), "x", "y", read, 0, duplicates, read - duplicates,
                0, dead, 0, 1);
    }

    @Test
    void oneDuplicateIsSingular() {
        Summary one = Summary.combine("batch", List.of(), List.of(part(3, 1)), START, START.plusSeconds(3));
        Summary two = Summary.combine("batch", List.of(), List.of(part(3, 2)), START, START.plusSeconds(3));

        assertThat(one.describe()).contains("1 duplicate skipped").doesNotContain("duplicates");
        assertThat(two.describe()).contains("2 duplicates skipped");
    }

    @Test
    void idsPerSecondIsRoundedToOneDecimal() {
        Summary summary = Summary.combine("batch", List.of(), List.of(part(10, 0)), START, START.plusMillis(3000));

        assertThat(summary.idsPerSecond()).isEqualTo(3.3);
    }

    @Test
    void theReportSaysWhenTheRunStartedAndEndedAndWhichFilesItRead() throws Exception {
        Summary summary = Summary.combine("batch", List.of("/in/a.txt", "/in/b.txt"), List.of(part(3, 0)), START,
                START.plusMillis(2500));

        JsonNode report = new ObjectMapper().valueToTree(summary);

        assertThat(report.get("startedAt").asText()).isEqualTo("2026-12-01T02:00:00.123Z");
        assertThat(report.get("finishedAt").asText()).isEqualTo("2026-12-01T02:00:02.623Z");
        assertThat(report.get("inputs")).extracting(JsonNode::asText).containsExactly("/in/a.txt", "/in/b.txt");
        assertThat(report.get("elapsedMillis").asLong()).isEqualTo(2500);
        assertThat(report.get("idsPerSecond").asText()).isEqualTo("1.2");
    }
}
