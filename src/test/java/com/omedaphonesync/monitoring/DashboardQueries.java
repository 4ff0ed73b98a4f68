package com.omedaphonesync.monitoring;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The PromQL queries of monitoring/grafana-dashboard.json, one per panel target. */
public final class DashboardQueries {
    public static final Path DASHBOARD = Path.of("monitoring", "grafana-dashboard.json");

    /** A panel's query, as written and with Grafana's variables given values. */
    public record Query(String panel, String expr) {
        /** The query as Grafana would send it for every job and instance over {@code rateInterval}. */
        public String resolved(String rateInterval) {
            return expr.replace("$__rate_interval", rateInterval).replace("$job", ".*").replace("$instance", ".*");
        }
    }

    private DashboardQueries() {
    }

    public static JsonNode dashboard() throws IOException {
        return new ObjectMapper().readTree(DASHBOARD.toFile());
    }

    public static List<Query> all() throws IOException {
        List<Query> queries = new ArrayList<>();
        for (JsonNode panel : dashboard().path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(new Query(panel.path("title").asText(), target.path("expr").asText()));
            }
        }
        return queries;
    }
}
