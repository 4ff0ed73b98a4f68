package com.omedaphonesync.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.omedaphonesync.records.CustomerPhones;
import com.omedaphonesync.simulator.SimulatorOptions;
import com.omedaphonesync.support.TestApp;

/**
 * The routes of {@code routes/} as Camel sees them, with Camel's test support: {@link NotifyBuilder} waits for
 * the routes named in the YAML, and a mock endpoint woven in after the outputs observes what they received. The
 * real product runs against the simulator; the mock stands in for nothing.
 */
class EnrichRouteTest {
    @RegisterExtension
    static final TestApp test = TestApp.batchPerClass(SimulatorOptions.builder().recordRequests(true).build(),
            dir -> Map.of());

    @Test
    void eachIdIsCalledSplitFlattenedAndSentToTheOutputsOrToTheDeadLetterChannel() throws Exception {
        AdviceWith.adviceWith(test.app().context(), "write-records",
                route -> route.weaveAddLast().to("mock:observed-outputs"));
        MockEndpoint observed = test.app().context().getEndpoint("mock:observed-outputs", MockEndpoint.class);
        observed.expectedMessageCount(2);
        NotifyBuilder ids = new NotifyBuilder(test.app().context()).fromRoute("enrich-id").whenDone(3).create();

        test.app().enrich(test.idsFile("route.txt", "12345\nEMPTY1\nNOTFOUND1\n"));

        assertThat(ids.matches(30, TimeUnit.SECONDS)).as("every id through enrich-id").isTrue();
        observed.assertIsSatisfied();
        assertThat(observed.getExchanges()).extracting(e -> e.getIn().getBody(CustomerPhones.class))
                .extracting(CustomerPhones::customerId, customer -> customer.records().size())
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("12345", 2),
                        org.assertj.core.groups.Tuple.tuple("EMPTY1", 0));
        assertThat(test.deadLettersOf("NOTFOUND1")).hasSize(1);
    }
}
