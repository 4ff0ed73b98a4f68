package com.omedaphonesync.observe;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.impl.BlockingHandlerDecorator;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The status page on the management server, beside {@code /observe/health} and {@code /observe/metrics} and added
 * the same way (routes of its Vert.x router), so that it listens exactly where they do
 * ({@code camel.management.host} and {@code port}): {@code /observe/status}, one HTML file with its style and
 * script inline, which refreshes itself from {@code /observe/status.json}; and a small index at {@code /}.
 * Its Content-Security-Policy lets the page run its own script and fetch from the service, nothing else.
 */
public final class StatusPage {
    public static final String PAGE = "/observe/status";
    public static final String DOCUMENT = "/observe/status.json";
    private static final Logger LOG = LoggerFactory.getLogger(StatusPage.class);
    private static final Pattern SCRIPT = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL);

    private final StatusReport report;
    private final String page;
    private final String index;
    private final String policy;

    StatusPage(StatusReport report) {
        this.report = report;
        this.page = resource("status.html");
        this.index = resource("index.html");
        Matcher script = SCRIPT.matcher(page);
        if (!script.find()) {
            throw new IllegalStateException("status.html has no inline script");
        }
        this.policy = "default-src 'none'; script-src 'sha256-" + sha256(script.group(1)) + "'; style-src "
                + "'unsafe-inline'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    }

    /**
     * Adds the routes to the management server of {@code context}; does nothing when it does not run
     * ({@code camel.management.enabled=false}).
     */
    public static void install(CamelContext context, StatusReport report) {
        ManagementHttpServer server = context.hasService(ManagementHttpServer.class);
        if (server == null || server.getRouter() == null) {
            LOG.debug("No management server: no status page");
            return;
        }
        new StatusPage(report).routes(server.getRouter());
    }

    void routes(Router router) {
        router.route(PAGE).method(HttpMethod.GET).handler(ctx -> send(ctx, "text/html; charset=utf-8", page, true));
        router.route(DOCUMENT).method(HttpMethod.GET).handler(new BlockingHandlerDecorator(this::document, false));
        router.route("/").method(HttpMethod.GET).handler(ctx -> send(ctx, "text/html; charset=utf-8", index,
                false));
    }

    private void document(RoutingContext ctx) {
        try {
            send(ctx, "application/json", report.json(), false);
        } catch (Exception e) {
            LOG.warn("Cannot build the status document: {}", e.toString());
            ctx.response().setStatusCode(500).end();
        }
    }

    private void send(RoutingContext ctx, String type, String body, boolean withPolicy) {
        ctx.response().putHeader("content-type", type).putHeader("cache-control", "no-store")
                .putHeader("x-content-type-options", "nosniff");
        if (withPolicy) {
            ctx.response().putHeader("content-security-policy", policy);
        }
        ctx.response().end(body);
    }

    private static String resource(String name) {
        try (InputStream in = StatusPage.class.getResourceAsStream("/observe/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource /observe/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(String text) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
