package com.omedaphonesync.pipeline;

/** Names shared by the Java beans and the YAML routes under {@code routes/}. */
public final class Pipeline {
    /** Where the ids of an exchange came from: {@code file:NAME}, {@code queue} or {@code timer}. */
    public static final String SOURCE = "omedaSource";
    /** The source of queue messages, set in routes/ids.yaml. */
    public static final String QUEUE = "queue";

    static final String TALLY = "omedaTally";
    /** The {@link com.omedaphonesync.sources.Checkpoint} of a file being read, when it can have one. */
    public static final String CHECKPOINT = "omedaCheckpoint";
    static final String REQUEST = "omedaRequest";
    static final String RECORD_COUNT = "omedaRecordCount";
    /** The id's dead letter, once described. */
    static final String DEAD_LETTER = "omedaDeadLetter";
    public static final String SUMMARY = "omedaSummary";

    /** Every source sends its body of ids here. */
    public static final String ENRICH_IDS = "direct:enrich-ids";
    /** The queue source sends each message here: enriched, or dead-lettered as a whole when it cannot be. */
    public static final String ENRICH_MESSAGE = "direct:enrich-message";
    static final String ENRICH_ID = "direct:enrich-id";

    private Pipeline() {
    }
}
