package com.omedaphonesync.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * The name of one running instance ({@code omeda.instance.id}): its member id in the cluster and, through
 * {@code {{omeda.instance.id}}}, part of a per-instance output file name. By default the host name and the
 * process id, which no two instances running at the same time share.
 */
final class InstanceId {
    static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private InstanceId() {
    }

    static String ofThisProcess() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        String id = host.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + ProcessHandle.current().pid();
        return id.length() > 64 ? id.substring(id.length() - 64) : id;
    }
}
