package com.omedaphonesync.pipeline;

import java.nio.file.Path;

import org.apache.camel.Exchange;
import org.apache.camel.ShutdownRoute;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.file.FileComponent;
import org.apache.camel.component.file.GenericFile;

import com.omedaphonesync.lookup.AppIdRejectedException;
import com.omedaphonesync.sources.Checkpoint;
import com.omedaphonesync.sources.Checkpoints;
import com.omedaphonesync.sources.DropFolder;
import com.omedaphonesync.sources.UnreadableInputException;

/**
 * The pipeline every source feeds: each id is looked up at Omeda, its phones flattened into records and
 * written to every output; an id Omeda does not know (or that fails for good) becomes a dead letter. The
 * sources and outputs themselves are wired in the YAML routes under {@code routes/}.
 */
public final class PipelineRoutes extends RouteBuilder {
    /** The route configuration of routes/errors.yaml for internal routes: failures go back to the caller. */
    private static final String TO_CALLER = "to-caller";
    private final Dispatcher dispatcher;
    private final DropFolder dropFolder;
    private final Checkpoints checkpoints;
    private final PoisonMessages poisonMessages;

    public PipelineRoutes(Dispatcher dispatcher, DropFolder dropFolder,
            Checkpoints checkpoints, PoisonMessages poisonMessages) {
        this.dispatcher = dispatcher;
        this.dropFolder = dropFolder;
        this.checkpoints = checkpoints;
        this.poisonMessages = poisonMessages;
    }

    @Override
    public void configure() {
        from(Pipeline.ENRICH_FILE).routeId("enrich-file").routeConfigurationId(TO_CALLER)
                .setProperty(Pipeline.SOURCE, simple("file:${file:onlyname}"))
                .process(this::openCheckpoint)
                .doTry()
                    .to(Pipeline.ENRICH_IDS)
                    .process(dropFolder::moveToDone)
                    .process(this::deleteCheckpoint)
                .doCatch(AppIdRejectedException.class, UnreadableInputException.class)
                    .process(dropFolder::moveToError)
                    .process(this::deleteCheckpoint)
                .doCatch(Exception.class)
                    .process(dropFolder::retryLater)
                .doFinally()
                    .process(this::closeCheckpoint)
                .end();

        from(Pipeline.ENRICH_MESSAGE).routeId("enrich-message").routeConfigurationId(TO_CALLER)
                .shutdownRoute(ShutdownRoute.Defer)
                .setProperty(Pipeline.SOURCE, constant(Pipeline.QUEUE))
                .doTry()
                    .process(poisonMessages::refuseTooBig)
                    .to(Pipeline.ENRICH_IDS)
                .doCatch(Exception.class)
                    .process(poisonMessages::deadLetterOrRollBack)
                    .to(Pipeline.WRITE_DEAD_LETTER)
                    .process(poisonMessages::deadLettered)
                .end();

        from(Pipeline.ENRICH_IDS).routeId("enrich-ids").routeConfigurationId(TO_CALLER)
                .shutdownRoute(ShutdownRoute.Defer)
                .process(dispatcher::openTally)
                .split(method(dispatcher, "ids")).streaming()
                    .process(dispatcher::dispatch)
                .end()
                .process(dispatcher::awaitOutcomes);
    }

    private void openCheckpoint(Exchange exchange) {
        GenericFile<?> file = exchange.getProperty(FileComponent.FILE_EXCHANGE_FILE, GenericFile.class);
        exchange.setProperty(Pipeline.CHECKPOINT, checkpoints.open(Path.of(file.getAbsoluteFilePath())));
    }

    /** After the file moved: deleted before, a crash in between would have it read again from the start. */
    private void deleteCheckpoint(Exchange exchange) {
        checkpoints.done(exchange.getProperty(Pipeline.CHECKPOINT, Checkpoint.class));
    }

    private void closeCheckpoint(Exchange exchange) {
        checkpoints.close(exchange.getProperty(Pipeline.CHECKPOINT, Checkpoint.class));
    }
}
