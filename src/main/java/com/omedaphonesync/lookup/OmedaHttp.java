package com.omedaphonesync.lookup;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Producer;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.io.HttpClientConnectionManager;
import org.apache.hc.client5.http.socket.ConnectionSocketFactory;
import org.apache.hc.core5.http.config.Registry;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.util.TimeValue;

import com.omedaphonesync.config.Secret;
import com.omedaphonesync.config.Settings;
import com.omedaphonesync.records.IdRequest;

/**
 * The one place that calls Omeda: a camel-http GET of
 * {@code {base-url}/webservices/rest/brand/{brand}/customer/{customerId}/phone/*}, the path built only from a
 * validated brand and id. The HTTP component is private to this class, sized to the configured concurrency,
 * with the timeouts from configuration and HttpClient's own retries and {@code Retry-After} handling off: the
 * retry policy is {@link OmedaLookup}'s. Every request, retries included, takes a {@link RateLimiter} permit
 * just before it is written. Each call uses a fresh exchange, so no header of a source message can
 * reach Omeda and no request header can ride back into a record.
 */
public final class OmedaHttp extends ServiceSupport {
    /** Bodies beyond this are not read: no answer of Omeda's is anywhere near it. */
    static final int MAX_BODY = 4 * 1024 * 1024;

    /** What Omeda answered to one request; {@code body} is null when it exceeded {@link #MAX_BODY}. */
    public record Answer(int status, byte[] body, String retryAfter) {
    }

    private final CamelContext context;
    private final URI baseUrl;
    private final Secret appId;
    private final HttpComponent component = new LaxPoolHttpComponent();
    private Endpoint endpoint;
    private Producer producer;

    /**
     * @param rateLimiter null for no limit
     */
    public OmedaHttp(CamelContext context, Settings.Api api, Settings.Http http, RateLimiter rateLimiter) {
        this.context = context;
        this.baseUrl = api.baseUrl();
        this.appId = api.appId();
        component.setCamelContext(context);
        component.setMaxTotalConnections(http.concurrency());
        component.setConnectionsPerRoute(http.concurrency());
        component.setConnectTimeout(http.connectTimeout().toMillis());
        component.setConnectionRequestTimeout(http.connectTimeout().toMillis() + http.responseTimeout().toMillis());
        component.setResponseTimeout(http.responseTimeout().toMillis());
        component.setSoTimeout(http.responseTimeout().toMillis());
        // keep-alive connections outliving the server's idle timeout fail their next request
        component.setConnectionTimeToLive(60_000);
        component.setAutomaticRetriesDisabled(true);
        component.setRedirectHandlingDisabled(true);
        component.setCookieManagementDisabled(true);
        component.setUserAgent("omeda-phone-sync");
        String authority = baseUrl.getPort() < 0 ? baseUrl.getHost() : baseUrl.getHost() + ":" + baseUrl.getPort();
        AppIdHeader appIdHeader = new AppIdHeader(api.appId(), authority);
        component.setHttpClientConfigurer(builder -> {
            builder.addRequestInterceptorLast(appIdHeader);
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
        });
    }

    /** The path of the documented endpoint for a request that passed validation. */
    static String path(IdRequest request) {
        if (!request.isValid()) {
            throw new IllegalArgumentException("not a valid brand and customer id");
        }
        return "/webservices/rest/brand/" + request.brand() + "/customer/" + request.customerId() + "/phone/*";
    }

    /**
     * @throws Exception when no answer arrived: timeout, refused or reset connection and the like
     */
    public Answer get(IdRequest request) throws Exception {
        Exchange exchange = new DefaultExchange(context);
        exchange.getIn().setHeader(Exchange.HTTP_PATH, path(request));
        exchange.getIn().setHeader("Accept", "application/json");
        producer.process(exchange);
        if (exchange.getException() != null) {
            throw exchange.getException();
        }
        Message response = exchange.getMessage();
        int status = response.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        return new Answer(status, masked(body(response)), response.getHeader("Retry-After", String.class));
    }

    /** Should an answer ever echo the app id, its texts (kept in dead letters and logs) must not. */
    private byte[] masked(byte[] body) {
        if (body == null) {
            return null;
        }
        String text = new String(body, StandardCharsets.UTF_8);
        return text.contains(appId.reveal()) ? text.replace(appId.reveal(), appId.toString())
                .getBytes(StandardCharsets.UTF_8) : body;
    }

    private static byte[] body(Message response) throws IOException {
        Object body = response.getBody();
        if (body == null) {
            return new byte[0];
        }
        if (body instanceof byte[] bytes) {
            return bytes.length <= MAX_BODY ? bytes : null;
        }
        try (InputStream in = response.getBody(InputStream.class)) {
            if (in == null) {
                return new byte[0];
            }
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            return bytes.length <= MAX_BODY ? bytes : null;
        }
    }

    @Override
    protected void doStart() throws Exception {
        ServiceHelper.startService(component);
        endpoint = component.createEndpoint(baseUrl + "?httpMethod=GET&throwExceptionOnFailure=false"
                + "&disableStreamCache=true&copyHeaders=false&followRedirects=false");
        producer = endpoint.createProducer();
        ServiceHelper.startService(endpoint, producer);
    }

    @Override
    protected void doStop() throws Exception {
        ServiceHelper.stopService(producer, endpoint, component);
    }

    /**
     * camel-http's pool, but with HttpClient's LAX policy: the default (STRICT) takes one pool-wide lock for every
     * lease and release, on which dozens of lookups queue. The pool's size is the configured concurrency, which
     * the lookup threads already bound exactly.
     */
    private static final class LaxPoolHttpComponent extends HttpComponent {
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
}
