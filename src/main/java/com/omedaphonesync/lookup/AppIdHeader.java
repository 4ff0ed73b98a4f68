package com.omedaphonesync.lookup;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;

import com.omedaphonesync.config.Secret;

/**
 * Adds {@code x-omeda-appid} inside HttpClient, on the way out to Omeda's host only. The app id therefore
 * never sits in a Camel header, so it cannot leak into records, dead letters, JMS properties or logs.
 */
final class AppIdHeader implements HttpClientConfigurer {
    static final String NAME = "x-omeda-appid";

    private final Secret appId;
    private final String authority;

    AppIdHeader(Secret appId, String authority) {
        this.appId = appId;
        this.authority = authority;
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.addRequestInterceptorLast((request, entity, context) -> {
            if (request.getAuthority() != null && authority.equalsIgnoreCase(request.getAuthority().toString())) {
                request.setHeader(NAME, appId.reveal());
            }
        });
    }
}
