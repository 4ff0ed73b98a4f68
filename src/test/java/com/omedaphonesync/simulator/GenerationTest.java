package com.omedaphonesync.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Issue 10: the simulator's data changes between runs, as Omeda's does between two refreshes. */
class GenerationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** One lookup over HTTP: the status, and the phones by id with their numbers (empty for a 404). */
    private record Answer(int status, Map<Long, String> phones, JsonNode body) {
    }

    private static Answer lookUp(OmedaSimulator simulator, String customerId) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl()
                + "/webservices/rest/brand/FOO/customer/" + customerId + "/phone/*"))
                .header("x-omeda-appid", SimulatorOptions.DEFAULT_APP_ID).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(response.body());
        Map<Long, String> phones = new LinkedHashMap<>();
        body.path("PhoneNumbers").forEach(p -> phones.put(p.get("Id").asLong(), p.get("PhoneNumber").asText()));
        return new Answer(response.statusCode(), phones, body);
    }

    /** As the client reads it: numbers as small as they fit, like the parsed answer. */
    private static JsonNode tree(Map<String, Object> body) throws Exception {
        return JSON.readTree(JSON.writeValueAsString(body));
    }

    @Test
    void aLaterGenerationRemovesAddsAndChangesPhonesAndLosesSomeCustomers() throws Exception {
        Set<String> gone = new HashSet<>();
        int removed = 0;
        int added = 0;
        int changed = 0;
        try (OmedaSimulator simulator = OmedaSimulator.start(SimulatorOptions.builder().build())) {
            for (String id : IntStream.range(5000, 5200).mapToObj(String::valueOf).toList()) {
                simulator.generation(0);
                Answer before = lookUp(simulator, id);
                simulator.generation(1);
                Answer after = lookUp(simulator, id);

                assertThat(before.status()).isEqualTo(200);
                assertThat(before.body()).isEqualTo(tree(
                        SimulatedCustomers.answer(simulator.baseUrl(), "FOO", id)));
                if (after.status() == 404) {
                    gone.add(id);
                    assertThat(after.body().path("Errors").get(0).get("Error").asText())
                            .isEqualTo("No phone number found for customer " + id + ".");
                    continue;
                }
                assertThat(after.body()).isEqualTo(tree(
                        SimulatedCustomers.answer(simulator.baseUrl(), "FOO", id, 1)));
                removed += before.phones().keySet().stream().filter(p -> !after.phones().containsKey(p)).count();
                added += after.phones().keySet().stream().filter(p -> !before.phones().containsKey(p)).count();
                changed += before.phones().entrySet().stream().filter(p -> after.phones().containsKey(p.getKey())
                        && !after.phones().get(p.getKey()).equals(p.getValue())).count();
            }
        }

        assertThat(gone).as("about a tenth of the customers are gone")
                .hasSizeBetween(5, 40)
                .allMatch(id -> SimulatedCustomers.gone(id, 1));
        assertThat(removed).as("phones removed").isPositive();
        assertThat(added).as("phones added").isPositive();
        assertThat(changed).as("phones changed").isPositive();
    }

    @Test
    void theDocumentedExampleAndTheScenarioIdsKeepTheirAnswersInEveryGeneration() throws Exception {
        try (OmedaSimulator simulator = OmedaSimulator.start(SimulatorOptions.builder().generation(3).build())) {
            assertThat(simulator.generation()).isEqualTo(3);
            assertThat(lookUp(simulator, "12345").phones()).containsOnlyKeys(472517L, 472518L);
            assertThat(lookUp(simulator, "NOTFOUND1").status()).isEqualTo(404);
            assertThat(lookUp(simulator, "EMPTY1").phones()).isEmpty();
            assertThat(lookUp(simulator, "FLAKY0x").body()).isEqualTo(tree(
                    SimulatedCustomers.answer(simulator.baseUrl(), "FOO", "FLAKY0x")));
        }
    }

    @Test
    void twoGenerationsDifferFromEachOtherAndEachIsTheSameEveryTime() {
        long differing = IntStream.range(5000, 5200).mapToObj(String::valueOf)
                .filter(id -> !SimulatedCustomers.answer("", "FOO", id, 1)
                        .equals(SimulatedCustomers.answer("", "FOO", id, 2)))
                .count();

        assertThat(differing).isGreaterThan(50);
        assertThat(SimulatedCustomers.answer("", "FOO", "5001", 2))
                .isEqualTo(SimulatedCustomers.answer("", "FOO", "5001", 2));
    }

    @Test
    void theGenerationIsAnOptionOfTheSimulateCommand() {
        Properties options = new Properties();
        options.setProperty("simulator.generation", "2");
        assertThat(SimulatorOptions.from(options).generation()).isEqualTo(2);
        assertThat(SimulatorOptions.from(new Properties()).generation()).isZero();

        options.setProperty("simulator.generation", "-1");
        assertThatThrownBy(() -> SimulatorOptions.from(options)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("simulator.generation must be a whole number from 0, not '-1'");
    }
}
