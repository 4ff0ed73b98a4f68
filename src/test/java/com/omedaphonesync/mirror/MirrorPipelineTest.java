package com.omedaphonesync.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.omedaphonesync.simulator.SimulatedCustomers;
import com.omedaphonesync.simulator.SimulatorOptions;
import com.omedaphonesync.support.TestApp;
import com.omedaphonesync.support.TestPostgres;

/**
 * The mirror through the product's own routes, against a real PostgreSQL and the simulator: a batch fills the
 * table with Omeda's data; Omeda's data changes (phones added, removed, changed, customers gone) and a refresh
 * brings the table back to it, row for row.
 */
class MirrorPipelineTest {
    @RegisterExtension
    static final TestPostgres POSTGRES = new TestPostgres();

    @TempDir
    Path dir;

    private static final List<String> IDS = IntStream.range(0, 300).mapToObj(i -> String.valueOf(7000 + i)).toList();

    /** customerId/phoneId/number for every phone Omeda holds in that generation. */
    private static TreeSet<String> omeda(String baseUrl, int generation) {
        TreeSet<String> rows = new TreeSet<>();
        for (String id : IDS) {
            if (SimulatedCustomers.gone(id, generation)) {
                continue;
            }
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> phones = (List<Map<String, Object>>) SimulatedCustomers
                    .answer(baseUrl, TestApp.BRAND, id, generation).get("PhoneNumbers");
            phones.forEach(phone -> rows.add(id + "/" + phone.get("Id") + "/" + phone.get("PhoneNumber")));
        }
        return rows;
    }

    private static TreeSet<String> table() throws Exception {
        return MirrorFixture.rows(POSTGRES, "SELECT customer_id, phone_id, phone_number FROM phones").stream()
                .map(row -> row.get("customer_id") + "/" + row.get("phone_id") + "/" + row.get("phone_number"))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void aRefreshAfterOmedasDataChangedLeavesTheTableEqualToOmeda() throws Exception {
        try (TestApp test = TestApp.batch(dir, SimulatorOptions.builder().build(), Map.of(
                "omeda.output.uris", "file:" + dir.resolve("output") + "?fileName=phones.jsonl,mirror:phones",
                "omeda.mirror.jdbc-url", POSTGRES.jdbcUrl(),
                "omeda.mirror.user", TestPostgres.USER,
                "omeda.mirror.delete-not-found", "true"))) {
            String ids = String.join("\n", IDS) + "\n";
            test.app().enrich(test.idsFile("ids.txt", ids));
            assertThat(table()).isEqualTo(omeda(test.simulator().baseUrl(), 0)).isNotEmpty();

            test.simulator().generation(1);
            test.app().enrich(test.idsFile("refresh.txt", ids));

            TreeSet<String> changed = omeda(test.simulator().baseUrl(), 1);
            assertThat(changed).as("the simulator's data did change").isNotEqualTo(omeda(test.simulator().baseUrl(), 0));
            assertThat(IDS).as("some customers are gone").anyMatch(id -> SimulatedCustomers.gone(id, 1));
            assertThat(table()).isEqualTo(changed);
        }
    }
}
