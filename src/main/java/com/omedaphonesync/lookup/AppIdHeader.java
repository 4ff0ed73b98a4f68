package com.omedaphonesync.lookup;

import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpRequestInterceptor;
import org.apache.hc.core5.http.protocol.HttpContext;

import com.omedaphonesync.config.Secret;

/**
 * Adds {@code x-omeda-appid} inside HttpClient, on the way out to Omeda's host only. The app id therefore
 * never sits in a Camel header, so it cannot leak into records, dead letters, JMS properties or logs.
 */
final class AppIdHeader implements HttpRequestInterceptor {
    static final String NAME = "x-omeda-appid";

    private final Secret appId;
    private final String authority;

    AppIdHeader(Secret appId, String authority) {
        this.appId = appId;
        this.authority = authority;
    }

    @Override
    public void process(HttpRequest request, EntityDetails entity, HttpContext context) {
        if (request.getAuthority() != null && authority.equalsIgnoreCase(request.getAuthority().toString())) {
            request.setHeader(NAME, appId.reveal());
        }
    }
}
