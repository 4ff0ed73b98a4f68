package com.omedaphonesync.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Properties;

import com.omedaphonesync.PhoneSyncApp;
import com.omedaphonesync.config.ConfigException;

/**
 * Makes sure the management server (health, metrics) can listen before {@code run} starts. Camel only logs a
 * warning when its port is taken and runs on without it, while the start-up summary announces a health URL
 * that then answers for whichever process holds the port; a second instance must refuse to start instead.
 */
final class ManagementPort {
    static final String ENABLED = "camel.management.enabled";
    static final String HOST = "camel.management.host";
    static final String PORT = "camel.management.port";
    /** The defaults {@code PhoneSyncApp} gives Camel for {@code run}, and Camel's own for the host. */
    static final String DEFAULT_HOST = "0.0.0.0";

    private ManagementPort() {
    }

    /** @throws ConfigException naming the key when the address cannot be listened on */
    static void checkFree(Properties properties) {
        if ("false".equalsIgnoreCase(properties.getProperty(ENABLED, "true").strip())) {
            return;
        }
        String host = properties.getProperty(HOST, DEFAULT_HOST).strip();
        String portText = properties.getProperty(PORT, String.valueOf(PhoneSyncApp.MANAGEMENT_PORT)).strip();
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new ConfigException(PORT + " must be a port number, not '" + portText + "'");
        }
        if (port < 0 || port > 65535) {
            throw new ConfigException(PORT + " must be between 0 and 65535, not " + port);
        }
        try (ServerSocket probe = new ServerSocket()) {
            // as Vert.x binds it, so that the probe fails exactly when the server would
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new ConfigException(PORT + " " + port + " on " + HOST + " " + host
                    + " cannot be listened on (" + e.getMessage() + "): is another instance running? Choose "
                    + "another port with --" + PORT + "=... or turn the server off with --" + ENABLED + "=false");
        }
    }
}
