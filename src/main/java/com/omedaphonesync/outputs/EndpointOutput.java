package com.omedaphonesync.outputs;

import java.util.List;

import org.apache.camel.Endpoint;
import org.apache.camel.ProducerTemplate;

/**
 * Any other Camel producer (JMS, Kafka, log…): one message per line, body only. The exchanges are new, so
 * no header of the pipeline can become a message property.
 */
final class EndpointOutput implements Output {
    private final ProducerTemplate template;
    private final Endpoint endpoint;

    EndpointOutput(ProducerTemplate template, Endpoint endpoint) {
        this.template = template;
        this.endpoint = endpoint;
    }

    @Override
    public void write(List<String> lines) {
        for (String line : lines) {
            template.sendBody(endpoint, line);
        }
    }
}
