package com.omedaphonesync.outputs;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;

import org.apache.camel.Exchange;
import org.apache.camel.TypeConversionException;
import org.apache.camel.spi.TypeConverterRegistry;
import org.apache.camel.support.TypeConverterSupport;

import com.omedaphonesync.records.CustomerPhones;
import com.omedaphonesync.records.DeadLetter;
import com.omedaphonesync.records.PhoneRecord;

/**
 * How records and dead letters become text for the outputs, as Camel type converters, so that each output's
 * own component asks for what it takes: a {@code file:} producer a String, a Reader (with its {@code charset})
 * or a stream of the customer's lines, appended in one write; a JMS or log endpoint the same text; a component
 * that iterates its body (camel-kafka) one JSON record per phone; a component that binds named parameters
 * (camel-sql) a Map of each record's fields. The format ({@code omeda.output.format}) is the
 * running configuration's, so these are registered at start-up rather than found by annotation scanning.
 */
public final class OutputTexts {
    private OutputTexts() {
    }

    public static void register(TypeConverterRegistry registry, Format format) {
        String terminator = format == Format.CSV ? "\r\n" : "\n";
        Function<Object, String> customer = value -> {
            StringBuilder text = new StringBuilder(((CustomerPhones) value).records().size() * 300);
            for (PhoneRecord record : (CustomerPhones) value) {
                text.append(RecordLines.line(record, format)).append(terminator);
            }
            return text.toString();
        };
        Function<Object, String> deadLetter = value -> RecordLines.json(value) + "\n";
        registerText(registry, CustomerPhones.class, customer);
        registerText(registry, DeadLetter.class, deadLetter);
        registry.addTypeConverter(String.class, PhoneRecord.class,
                converter(value -> RecordLines.line((PhoneRecord) value, format)));
        // components that bind parameters by name (sql: :#customerId) read them from a Map of the record's fields
        registry.addTypeConverter(Map.class, PhoneRecord.class, converter(value -> ((PhoneRecord) value).fields()));
    }

    private static void registerText(TypeConverterRegistry registry, Class<?> from, Function<Object, String> text) {
        registry.addTypeConverter(String.class, from, converter(text));
        registry.addTypeConverter(byte[].class, from, converter(value -> text.apply(value).getBytes(StandardCharsets.UTF_8)));
        registry.addTypeConverter(InputStream.class, from,
                converter(value -> new ByteArrayInputStream(text.apply(value).getBytes(StandardCharsets.UTF_8))));
        registry.addTypeConverter(Reader.class, from, converter(value -> new StringReader(text.apply(value))));
    }

    private static TypeConverterSupport converter(Function<Object, ?> conversion) {
        return new TypeConverterSupport() {
            @Override
            public <T> T convertTo(Class<T> type, Exchange exchange, Object value) throws TypeConversionException {
                return type.cast(conversion.apply(value));
            }
        };
    }
}
