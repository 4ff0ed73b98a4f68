package com.omedaphonesync.lookup;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;

import org.apache.camel.component.http.HttpComponent;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.io.HttpClientConnectionManager;
import org.apache.hc.client5.http.socket.ConnectionSocketFactory;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.config.Registry;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.util.TimeValue;

import com.omedaphonesync.config.Settings;

/**
 * camel-http's component, set up for Omeda alone and bound as {@code omeda-http}, so that the route's
 * {@code to: omeda-http:{{omeda.base-url}}} call cannot share a pool, a timeout or the app id with an operator's
 * own {@code http:} output. Inside HttpClient, where Camel headers cannot see it:
 * <ul>
 * <li>the app id header, on requests to Omeda's host only ({@link AppIdHeader});</li>
 * <li>the shared rate limit, a permit taken just before each request (retries included) is written;</li>
 * <li>any I/O failure of the call becomes {@link OmedaUnreachable}, which the retry policy retries, while an
 * output's own I/O failure holds the id;</li>
 * <li>each call's status and answer time, counted in {@link OmedaCalls}: the time around the transport alone (not
 * the wait for the rate limit, a pooled connection or a new one), a call without answer where it becomes
 * {@link OmedaUnreachable}.</li>
 * </ul>
 * HttpClient's own retries, redirects and {@code Retry-After} handling are off: retries are Camel's redelivery.
 */
public final class OmedaHttpComponent extends HttpComponent {
    private static final long CONNECTION_TIME_TO_LIVE_MS = 60_000;

    private final RateLimiter rateLimiter;

    /**
     * @param rateLimiter null for no limit
     */
    public OmedaHttpComponent(Settings.Api api, Settings.Http http, RateLimiter rateLimiter, OmedaCalls calls) {
        this.rateLimiter = rateLimiter;
        setMaxTotalConnections(http.concurrency());
        setConnectionsPerRoute(http.concurrency());
        setConnectTimeout(http.connectTimeout().toMillis());
        setConnectionRequestTimeout(http.connectTimeout().toMillis() + http.responseTimeout().toMillis());
        setResponseTimeout(http.responseTimeout().toMillis());
        setSoTimeout(http.responseTimeout().toMillis());
        // keep-alive connections outliving the server's idle timeout fail their next request
        setConnectionTimeToLive(CONNECTION_TIME_TO_LIVE_MS);
        setAutomaticRetriesDisabled(true);
        setRedirectHandlingDisabled(true);
        setCookieManagementDisabled(true);
        setUserAgent("omeda-phone-sync");
        URI baseUrl = api.baseUrl();
        String authority = baseUrl.getPort() < 0 ? baseUrl.getHost() : baseUrl.getHost() + ":" + baseUrl.getPort();
        AppIdHeader appIdHeader = new AppIdHeader(api.appId(), authority);
        setHttpClientConfigurer(builder -> {
            builder.addRequestInterceptorLast(appIdHeader);
            builder.addExecInterceptorFirst("omeda-unreachable", (request, scope, chain) -> {
                try {
                    return chain.proceed(request, scope);
                } catch (OmedaUnreachable already) {
                    throw already;
                } catch (IOException noAnswer) {
                    if (Thread.currentThread().isInterrupted()) {
                        // shutdown cut the call short: the id is held, not retried
                        throw noAnswer;
                    }
                    // here, not nearer the transport: a refused connection fails before the request is sent
                    calls.unanswered(noAnswer);
                    throw new OmedaUnreachable(noAnswer);
                }
            });
            if (rateLimiter != null) {
                builder.addExecInterceptorBefore(ChainElement.MAIN_TRANSPORT.name(), "omeda-rate-limit",
                        (request, scope, chain) -> {
                            try {
                                rateLimiter.acquire();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                throw new InterruptedIOException("interrupted while waiting for the rate limit");
                            }
                            return chain.proceed(request, scope);
                        });
            }
            // after the rate limit's interceptor, so nearer the transport: its wait is not an answer time
            builder.addExecInterceptorBefore(ChainElement.MAIN_TRANSPORT.name(), "omeda-answer-time",
                    (request, scope, chain) -> {
                        long started = System.nanoTime();
                        ClassicHttpResponse response = chain.proceed(request, scope);
                        calls.answered(response.getCode(), System.nanoTime() - started);
                        return response;
                    });
        });
    }

    /** The shared rate limit, or null for none. */
    public RateLimiter rateLimiter() {
        return rateLimiter;
    }

    /**
     * HttpClient's LAX pool policy: the default (STRICT) takes one pool-wide lock for every lease and release, on
     * which dozens of lookups queue. The pool's size is the configured concurrency, which the lookup threads
     * already bound exactly.
     */
    @Override
    protected HttpClientConnectionManager createConnectionManager(Registry<ConnectionSocketFactory> registry,
            int maxTotalConnections, int connectionsPerRoute, SocketConfig socketConfig) {
        // connections that never log headers or bytes, whatever the log configuration: the app id is a header
        PoolingHttpClientConnectionManager manager = new PoolingHttpClientConnectionManager(registry,
                PoolConcurrencyPolicy.LAX, TimeValue.ofMilliseconds(getConnectionTimeToLive()),
                new UnloggedConnectionFactory());
        manager.setMaxTotal(maxTotalConnections > 0 ? maxTotalConnections : getMaxTotalConnections());
        manager.setDefaultMaxPerRoute(connectionsPerRoute > 0 ? connectionsPerRoute : getConnectionsPerRoute());
        manager.setDefaultSocketConfig(socketConfig);
        return manager;
    }
}
