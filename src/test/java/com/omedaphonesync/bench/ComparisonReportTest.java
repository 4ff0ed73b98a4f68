package com.omedaphonesync.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class ComparisonReportTest {
    private static final Comparison.Jar THIS = new Comparison.Jar("this", Path.of("new.jar"));
    private static final Comparison.Jar OTHER = new Comparison.Jar("other", Path.of("old.jar"));
    private static final String SAME_JVM = "jvm_args: (none) | flags: -XX:+UseSerialGC";

    private final ComparisonReport report = new ComparisonReport("quick", "--compare=old.jar",
            Instant.parse("2026-12-03T20:00:00Z"), List.of());

    @Test
    void throughputPassesOnlyAtBothTargetsAndCpuOnTheMedianOfTheRounds() {
        report.jvm(THIS, SAME_JVM);
        report.jvm(OTHER, SAME_JVM);
        // 380 of 400 is 0.95 of C/L, and 0.98 of the plain client's 387.8
        report.throughput(throughput(THIS, 380, 387.7), throughput(OTHER, 300, 390));
        // this jar's median 100 against 110: PASS, though its worst round (150) is above the other's median
        double[][] rounds = { { 150, 110 }, { 90, 120 }, { 100, 105 } };
        for (int round = 0; round < rounds.length; round++) {
            report.cpu(new ComparisonReport.Cpu(THIS, 8, round + 1, rounds[round][0], 60, null));
            report.cpu(new ComparisonReport.Cpu(OTHER, 8, round + 1, rounds[round][1], 70, null));
        }

        String markdown = report.markdown();

        assertThat(markdown).contains("| 20 | 8 | 400.0 | 380.0 | 300.0 | 1.267 | 0.950 | 0.980 | 0.750 | 0.769 "
                + "| 387.7, 390.0 | PASS |");
        assertThat(markdown).contains("| 8 | 150.0, 90.0, 100.0 | 110.0, 120.0, 105.0 | 100.0 | 110.0 | 0.909 "
                + "| PASS | 65.0 | 1.538 | not yet |");
        assertThat(markdown).contains("the same for both jars");
        assertThat(report.allPass()).isTrue();
    }

    @Test
    void aMissedTargetAFailedRunOrJvmsThatDifferFailTheComparison() {
        report.jvm(THIS, SAME_JVM);
        report.jvm(OTHER, "jvm_args: -Xmx256m | flags: -XX:+UseSerialGC");
        report.throughput(throughput(THIS, 376, 380), throughput(OTHER, 300, 390));
        report.cpu(new ComparisonReport.Cpu(THIS, 64, 1, Double.NaN, 60, "batch exited 1"));
        report.cpu(new ComparisonReport.Cpu(OTHER, 64, 1, 110, 70, null));

        String markdown = report.markdown();

        assertThat(markdown).contains("| 0.940 | 0.989 |").contains("| MISS |");
        assertThat(markdown).contains("this jar, CPU, C=64, round 1: batch exited 1");
        assertThat(markdown).contains("JVM options: DIFFER");
        assertThat(report.allPass()).isFalse();
    }

    private static ComparisonReport.Throughput throughput(Comparison.Jar jar, double steady, double plain) {
        return new ComparisonReport.Throughput(jar, 20, 8, 400, steady, plain, null);
    }
}
