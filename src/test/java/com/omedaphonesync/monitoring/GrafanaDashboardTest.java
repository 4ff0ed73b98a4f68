package com.omedaphonesync.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * monitoring/grafana-dashboard.json imports as is: a Prometheus data source asked for at import
 * ({@code DS_PROMETHEUS}), used by every panel and query, and a panel for each thing the operator watches. That
 * each query returns data from a real run is PrometheusDashboardIT's part.
 */
class GrafanaDashboardTest {
    @Test
    void asksForAPrometheusDataSourceAndEveryPanelUsesIt() throws Exception {
        JsonNode dashboard = DashboardQueries.dashboard();
        JsonNode input = dashboard.path("__inputs").get(0);
        assertThat(input.path("name").asText()).isEqualTo("DS_PROMETHEUS");
        assertThat(input.path("type").asText()).isEqualTo("datasource");
        assertThat(input.path("pluginId").asText()).isEqualTo("prometheus");
        assertThat(dashboard.path("id").isNull()).as("no id: Grafana gives one at import").isTrue();
        List<JsonNode> users = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            users.add(panel.path("datasource"));
            panel.path("targets").forEach(target -> users.add(target.path("datasource")));
            assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
        }
        dashboard.path("templating").path("list").forEach(variable -> users.add(variable.path("datasource")));
        assertThat(users).allSatisfy(ds -> assertThat(ds.path("uid").asText()).isEqualTo("${DS_PROMETHEUS}"));
    }

    @Test
    void hasThePanelsOperatorsAskFor() throws Exception {
        List<String> queries = DashboardQueries.all().stream().map(DashboardQueries.Query::expr).toList();
        assertThat(String.join("\n", queries)).contains("omeda_ids_total", "omeda_answer_seconds_bucket",
                "omeda_answers_total", "omeda_circuit_open", "omeda_held_total", "outcome=\"dead_lettered\"",
                "omeda_files_in_progress");
    }
}
