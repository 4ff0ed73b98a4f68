package com.omedaphonesync.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.omedaphonesync.records.Reason;
import com.omedaphonesync.simulator.OmedaSimulator;
import com.omedaphonesync.simulator.SimulatedCustomers;
import com.omedaphonesync.simulator.SimulatorOptions;
import com.omedaphonesync.support.TestApp;

/** SPEC.md section 4: "An id repeated within one file or message is looked up once." */
class DuplicateIdsTest {
    @RegisterExtension
    static final TestApp test = TestApp.batchPerClass(SimulatorOptions.builder().recordRequests(true).build(),
            dir -> Map.of());

    @Test
    void anIdRepeatedInOneFileIsLookedUpOnceAndCountedAsDuplicatesSkipped() throws Exception {
        Summary summary = test.app().enrich(test.idsFile("repeats.txt", "DUPA1\nDUPA2\nDUPA1\n  DUPA1  \nDUPA2\n"));

        assertThat(summary.idsRead()).isEqualTo(5);
        assertThat(summary.duplicatesSkipped()).isEqualTo(3);
        assertThat(summary.enriched()).isEqualTo(2);
        assertThat(summary.deadLettered()).isZero();
        assertThat(test.simulator().requestsFor("DUPA1")).hasSize(1);
        assertThat(test.simulator().requestsFor("DUPA2")).hasSize(1);
        assertThat(test.recordsOf("DUPA1")).hasSize(SimulatedCustomers.phoneCount("DUPA1"));
        assertThat(summary.describe()).contains("3 duplicates skipped");
    }

    @Test
    void theSameIdUnderTwoBrandsIsTwoLookups() throws Exception {
        Summary summary = test.app().enrich(test.idsFile("brands.csv",
                "customerId,brand\nDUPB1,ALPHA\nDUPB1,BETA\nDUPB1,ALPHA\n"));

        assertThat(summary.idsRead()).isEqualTo(3);
        assertThat(summary.duplicatesSkipped()).isEqualTo(1);
        assertThat(summary.enriched()).isEqualTo(2);
        assertThat(test.simulator().requestsFor("DUPB1")).extracting(OmedaSimulator.Request::brand)
                .containsExactlyInAnyOrder("ALPHA", "BETA");
    }

    @Test
    void anEmptyBrandCellAndTheDefaultBrandNamedOutrightAreTheSameLookup() throws Exception {
        Summary summary = test.app().enrich(test.idsFile("default-brand.csv",
                "customerId,brand\nDUPC1,\nDUPC1," + TestApp.BRAND + "\n"));

        assertThat(summary.duplicatesSkipped()).isEqualTo(1);
        assertThat(test.simulator().requestsFor("DUPC1")).extracting(r -> r.brand())
                .containsExactly(TestApp.BRAND);
    }

    @Test
    void aRepeatedInvalidIdIsDeadLetteredOnce() throws Exception {
        Summary summary = test.app().enrich(test.idsFile("bad-repeats.txt", "bad!id\nbad!id\n"));

        assertThat(summary.duplicatesSkipped()).isEqualTo(1);
        assertThat(summary.deadLettersByReason()).containsEntry(Reason.INVALID_ID, 1L);
        assertThat(summary.deadLettered()).isEqualTo(1);
        assertThat(test.deadLettersOf("bad!id")).hasSize(1);
    }

    @Test
    void anIdIsLookedUpAgainInTheNextFile() throws Exception {
        Summary first = test.app().enrich(test.idsFile("first.txt", "DUPD1\n"));
        Summary second = test.app().enrich(test.idsFile("second.txt", "DUPD1\n"));

        assertThat(first.duplicatesSkipped()).isZero();
        assertThat(second.duplicatesSkipped()).isZero();
        assertThat(test.simulator().requestsFor("DUPD1")).hasSize(2);
        assertThat(test.recordsOf("DUPD1")).extracting(r -> r.get("source").asText())
                .containsOnly("file:first.txt", "file:second.txt");
    }

    @Test
    void duplicatesAreSkippedInAJsonArrayToo() throws Exception {
        Summary summary = test.app().enrich(test.idsFile("ids.json",
                "[{\"customerId\": \"DUPE1\"}, {\"customerId\": \"DUPE1\"}, {\"customerId\": \"DUPE1\", \"brand\": \"ALPHA\"}]"));

        assertThat(summary.duplicatesSkipped()).isEqualTo(1);
        assertThat(test.simulator().requestsFor("DUPE1")).extracting(r -> tuple(r.brand(), r.customerId()))
                .containsExactlyInAnyOrder(tuple(TestApp.BRAND, "DUPE1"), tuple("ALPHA", "DUPE1"));
    }
}
