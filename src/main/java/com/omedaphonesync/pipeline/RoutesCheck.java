package com.omedaphonesync.pipeline;

import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Route;
import org.apache.camel.StartupListener;
import org.apache.camel.component.direct.DirectEndpoint;

import com.omedaphonesync.config.ConfigException;

/**
 * Refuses to start when a route sends to a {@code direct:} endpoint no route consumes. Camel would start and fail
 * each exchange at run time ("No consumers available"); here that means a {@code routes/} folder that does not
 * match this version (a stale copy in the working directory after an upgrade, say), which must be fixed before
 * any id is taken. A step naming a bean that does not exist already fails route creation on its own.
 */
public final class RoutesCheck implements StartupListener {
    private final String routesLocation;

    public RoutesCheck(String routesLocation) {
        this.routesLocation = routesLocation;
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        Set<String> consumed = context.getRoutes().stream().map(Route::getEndpoint).map(Endpoint::getEndpointKey)
                .collect(Collectors.toSet());
        Set<String> missing = new TreeSet<>();
        for (Endpoint endpoint : context.getEndpoints()) {
            if (endpoint instanceof DirectEndpoint && !consumed.contains(endpoint.getEndpointKey())) {
                missing.add(endpoint.getEndpointUri());
            }
        }
        if (!missing.isEmpty()) {
            throw new ConfigException("the routes in " + routesLocation + " send to " + String.join(", ", missing)
                    + ", which no route consumes: they do not match this version of omeda-phone-sync (remove or "
                    + "update a routes/ folder left from another version)");
        }
    }
}
