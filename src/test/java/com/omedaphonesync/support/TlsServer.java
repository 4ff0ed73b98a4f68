package com.omedaphonesync.support;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.omedaphonesync.simulator.SimulatedCustomers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * An HTTPS stand-in for Omeda on loopback, with a self-signed certificate that the JDK's {@code keytool} makes
 * in a folder under {@code target/}: it answers the documented path with the simulator's customers and counts
 * the requests that got past the TLS handshake. Also writes a trust store holding only that certificate.
 */
public final class TlsServer implements AutoCloseable {
    public static final String PASSWORD = "changeit";
    private static final Pattern PATH = Pattern.compile("/webservices/rest/brand/([^/]+)/customer/([^/]+)/phone/\\*");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpsServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(2);
    private final Path trustStore;
    private final AtomicInteger requests = new AtomicInteger();

    private TlsServer(HttpsServer server, Path trustStore) {
        this.server = server;
        this.trustStore = trustStore;
    }

    /**
     * @param dir a folder of its own, emptied first
     * @param subjectAlternativeName the names the certificate is valid for, as keytool writes them, e.g.
     *        {@code ip:127.0.0.1} or {@code dns:other.example}
     */
    public static TlsServer start(Path dir, String subjectAlternativeName) throws Exception {
        recreate(dir);
        Path keyStore = dir.resolve("server.p12");
        Path certificate = dir.resolve("server.pem");
        Path trustStore = dir.resolve("trust.p12");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=omeda-test", "-ext", "san=" + subjectAlternativeName, "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", keyStore.toString(),
                "-storepass", PASSWORD, "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", "server", "-file", certificate.toString(),
                "-storetype", "PKCS12", "-keystore", trustStore.toString(), "-storepass", PASSWORD);

        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, PASSWORD.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keyManagers.getKeyManagers(), null, null);

        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        TlsServer started = new TlsServer(server, trustStore);
        server.setExecutor(started.threads);
        server.createContext("/", started::answer);
        server.start();
        return started;
    }

    /** What to set {@code omeda.base-url} to. */
    public String baseUrl() {
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A PKCS12 trust store (password {@value #PASSWORD}) holding the server's certificate. */
    public Path trustStore() {
        return trustStore;
    }

    /** Requests that completed the TLS handshake and reached the handler. */
    public int requests() {
        return requests.get();
    }

    private void answer(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try (exchange) {
            Matcher path = PATH.matcher(exchange.getRequestURI().getRawPath());
            byte[] body = path.matches()
                    ? JSON.writeValueAsBytes(SimulatedCustomers.answer(baseUrl(), path.group(1), path.group(2)))
                    : "{}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(path.matches() ? 200 : 404, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        // a short-lived tool: the C1 compiler alone starts it several times faster
        command.add("-J-XX:TieredStopAtLevel=1");
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("keytool " + String.join(" ", args) + " failed:\n" + output);
        }
    }

    private static void recreate(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
        Files.createDirectories(dir);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
