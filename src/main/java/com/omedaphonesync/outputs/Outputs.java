package com.omedaphonesync.outputs;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.file.FileEndpoint;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.support.service.ServiceSupport;

import com.omedaphonesync.config.ConfigException;
import com.omedaphonesync.config.Key;
import com.omedaphonesync.config.Settings;
import com.omedaphonesync.records.DeadLetter;
import com.omedaphonesync.records.PhoneRecord;

/**
 * Every configured output ({@code omeda.output.uris}) and the dead-letter channel ({@code omeda.dead-letter.uri}).
 * Records go to each output in turn; a write that fails throws, so the id is held instead of lost.
 */
public final class Outputs extends ServiceSupport {
    private final CamelContext context;
    private final Settings.Outputs settings;
    private final List<Output> outputs = new ArrayList<>();
    private Output deadLetters;
    private ProducerTemplate template;

    public Outputs(CamelContext context, Settings.Outputs settings) {
        this.context = context;
        this.settings = settings;
    }

    /** Writes one customer's records, in Omeda's order, to every output. */
    public void writeRecords(List<PhoneRecord> records) throws Exception {
        List<String> lines = records.stream().map(record -> RecordLines.line(record, settings.format())).toList();
        for (Output output : outputs) {
            output.write(lines);
        }
    }

    public void writeDeadLetter(DeadLetter letter) throws Exception {
        deadLetters.write(List.of(RecordLines.json(letter)));
    }

    /**
     * The step {@code process: ref: writeRecords} of routes/outputs.yaml, its body one customer's records: a
     * plain processor, as the bean component's method binding would cost a reflective call per customer.
     */
    public Processor recordsWriter() {
        return exchange -> {
            @SuppressWarnings("unchecked")
            List<PhoneRecord> records = exchange.getIn().getMandatoryBody(List.class);
            writeRecords(records);
        };
    }

    /** The step {@code process: ref: writeDeadLetter} of routes/outputs.yaml, its body one {@link DeadLetter}. */
    public Processor deadLetterWriter() {
        return exchange -> writeDeadLetter(exchange.getIn().getMandatoryBody(DeadLetter.class));
    }

    @Override
    protected void doStart() throws Exception {
        template = context.createProducerTemplate();
        String header = settings.format() == Format.CSV ? RecordLines.csvHeader() : null;
        String terminator = settings.format() == Format.CSV ? "\r\n" : "\n";
        for (String uri : settings.uris()) {
            outputs.add(output(Key.OUTPUT_URIS, uri, header, terminator));
        }
        deadLetters = output(Key.DEAD_LETTER_URI, settings.deadLetterUri(), null, "\n");
    }

    private Output output(Key key, String uri, String header, String terminator) {
        Endpoint endpoint;
        try {
            endpoint = context.getEndpoint(uri);
        } catch (RuntimeException e) {
            throw new ConfigException(key.property() + ": cannot use '" + uri + "' (" + e.getMessage() + ")", e);
        }
        if (endpoint == null) {
            throw new ConfigException(key.property() + ": no Camel component for '" + uri + "'");
        }
        if (endpoint instanceof FileEndpoint file) {
            if (file.getFileName() == null) {
                throw new ConfigException(key.property() + ": '" + uri
                        + "' needs a fileName option, e.g. file:output?fileName=phones.jsonl");
            }
            return new FileOutput(file, header, terminator);
        }
        return new EndpointOutput(template, endpoint);
    }

    @Override
    protected void doStop() throws Exception {
        ServiceHelper.stopService(template);
        outputs.forEach(Output::close);
        outputs.clear();
        if (deadLetters != null) {
            deadLetters.close();
        }
    }
}
