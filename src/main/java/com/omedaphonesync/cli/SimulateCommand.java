package com.omedaphonesync.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

import com.omedaphonesync.config.ConfigException;
import com.omedaphonesync.simulator.OmedaSimulator;
import com.omedaphonesync.simulator.SimulatorOptions;

/** {@code simulate}: the built-in Omeda simulator alone, until SIGTERM/SIGINT. */
final class SimulateCommand {
    private final PrintStream out;

    SimulateCommand(PrintStream out) {
        this.out = out;
    }

    int execute(Properties properties) {
        SimulatorOptions options;
        try {
            options = SimulatorOptions.from(properties);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), e);
        }
        OmedaSimulator simulator;
        try {
            simulator = OmedaSimulator.start(options);
        } catch (IOException e) {
            throw new ConfigException(
                    "simulator.port: cannot listen on port " + options.port() + " (" + e.getMessage() + ")", e);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }, "simulator-shutdown"));
        out.println("Omeda simulator listening at " + simulator.baseUrl()
                + " (x-omeda-appid: " + options.appId() + "; statistics at " + simulator.baseUrl()
                + "/simulator/stats; data generation " + options.generation() + "). Stop with Ctrl-C.");
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ExitCode.OK;
    }
}
