package com.omedaphonesync.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The simulator as the benchmark uses it: many delayed answers at once, cheap statistics, nothing recorded. */
class SimulatorUnderLoadTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int IN_FLIGHT = 200;
    private static final int HELD = 5;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void delayedAnswersInFlightAtOnceAreEachTheCustomersOwnAnswer() throws Exception {
        SimulatorOptions delayed = SimulatorOptions.builder().latencyMillis(300).build();
        try (OmedaSimulator plain = OmedaSimulator.start(SimulatorOptions.builder().build());
                OmedaSimulator slow = OmedaSimulator.start(delayed)) {
            List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < IN_FLIGHT; i++) {
                answers.add(client.sendAsync(lookup(slow, String.valueOf(1000 + i)), HttpResponse.BodyHandlers.ofString()));
            }
            for (int i = 0; i < IN_FLIGHT; i++) {
                HttpResponse<String> answer = answers.get(i).get();
                String expected = client.send(lookup(plain, String.valueOf(1000 + i)),
                        HttpResponse.BodyHandlers.ofString()).body();
                assertThat(answer.statusCode()).isEqualTo(200);
                assertThat(answer.body().replace(slow.baseUrl(), plain.baseUrl())).isEqualTo(expected);
            }
            assertThat(slow.requestCount()).isEqualTo(IN_FLIGHT);
        }
    }

    @Test
    void countsTheRequestsInFlightAndTheMostThereHaveBeenAtOnce() throws Exception {
        SimulatorOptions held = SimulatorOptions.builder().slowMillis(600_000).build();
        try (OmedaSimulator simulator = OmedaSimulator.start(held)) {
            List<CompletableFuture<HttpResponse<Void>>> slow = new ArrayList<>();
            for (int i = 1; i <= HELD; i++) {
                slow.add(client.sendAsync(lookup(simulator, "SLOW" + i), HttpResponse.BodyHandlers.discarding()));
            }
            await().atMost(Duration.ofMinutes(1)).until(() -> simulator.inFlight() == HELD);

            // one more, answered at once: in flight with the held ones for a moment, then not
            assertThat(client.send(lookup(simulator, "1001"), HttpResponse.BodyHandlers.discarding()).statusCode())
                    .isEqualTo(200);

            assertThat(simulator.inFlight()).isEqualTo(HELD);
            assertThat(simulator.maxInFlight()).isEqualTo(HELD + 1);
            JsonNode stats = JSON.readTree(client.send(HttpRequest.newBuilder(
                    URI.create(simulator.baseUrl() + "/simulator/stats")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            assertThat(stats.get("inFlight").asInt()).isEqualTo(HELD);
            assertThat(stats.get("maxInFlight").asInt()).isEqualTo(HELD + 1);
            slow.forEach(answer -> answer.cancel(true));
        }
    }

    @Test
    void statsCountRequestsTheBusiestSecondAndEachSecondWithoutRecordingThem() throws Exception {
        try (OmedaSimulator simulator = OmedaSimulator.start(SimulatorOptions.builder().build())) {
            for (int i = 0; i < 5; i++) {
                client.send(lookup(simulator, "NOTFOUND" + i), HttpResponse.BodyHandlers.discarding());
            }

            JsonNode stats = JSON.readTree(client.send(HttpRequest.newBuilder(
                    URI.create(simulator.baseUrl() + "/simulator/stats")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());

            assertThat(stats.get("requests").asLong()).isEqualTo(5);
            assertThat(stats.get("busiestSecond").asInt()).isBetween(1, 5);
            int perSecondTotal = 0;
            for (JsonNode second : stats.get("perSecond")) {
                perSecondTotal += second.asInt();
            }
            assertThat(perSecondTotal).isEqualTo(5);
            assertThat(stats.get("answers").get("404").asLong()).isEqualTo(5);
            assertThat(simulator.requests()).as("requests are kept only when the options ask for it").isEmpty();
        }
    }

    private static HttpRequest lookup(OmedaSimulator simulator, String customerId) {
        return HttpRequest.newBuilder(URI.create(simulator.baseUrl() + OmedaSimulator.PATH_PREFIX + "FOO/customer/"
                + customerId + "/phone/*")).header("x-omeda-appid", SimulatorOptions.DEFAULT_APP_ID)
                .timeout(Duration.ofSeconds(30)).build();
    }
}
