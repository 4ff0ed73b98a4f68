package com.omedaphonesync.lookup;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

import org.apache.hc.client5.http.io.ManagedHttpClientConnection;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.io.DefaultBHttpClientConnection;
import org.apache.hc.core5.http.impl.io.SocketHolder;
import org.apache.hc.core5.http.io.HttpConnectionFactory;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Identifiable;
import org.apache.hc.core5.util.Timeout;

/**
 * Connections to Omeda that cannot log what they send. HttpClient's own connection logs every request header
 * ({@code org.apache.hc.client5.http.headers}, {@code x-omeda-appid} among them) and every byte
 * ({@code org.apache.hc.client5.http.wire}) as soon as an operator's log configuration enables DEBUG there,
 * which a logger level in our {@code log4j2.properties} cannot prevent: a user's file replaces it. These
 * connections are HttpClient's plain HTTP/1.1 connection with neither log, whatever the log configuration.
 */
final class UnloggedConnectionFactory implements HttpConnectionFactory<ManagedHttpClientConnection> {
    private static final AtomicLong COUNTER = new AtomicLong();

    @Override
    public ManagedHttpClientConnection createConnection(Socket socket) throws IOException {
        UnloggedConnection connection = new UnloggedConnection("omeda-" + COUNTER.getAndIncrement());
        if (socket != null) {
            connection.bind(socket);
        }
        return connection;
    }

    /**
     * What {@code DefaultManagedHttpClientConnection} does (a socket timeout kept across idle periods, an id for
     * the pool's log lines) without its header and wire logging.
     */
    private static final class UnloggedConnection extends DefaultBHttpClientConnection
            implements ManagedHttpClientConnection, Identifiable {
        private final String id;
        private volatile boolean closed;
        private volatile Timeout socketTimeout;

        UnloggedConnection(String id) {
            super(Http1Config.DEFAULT, null, null);
            this.id = id;
        }

        @Override
        public String getId() {
            return id;
        }

        @Override
        public void bind(Socket socket) throws IOException {
            bindHolder(new SocketHolder(socket), socket);
        }

        @Override
        public void bind(SSLSocket sslSocket, Socket socket) throws IOException {
            bindHolder(new SocketHolder(sslSocket, socket), sslSocket);
        }

        private void bindHolder(SocketHolder holder, Socket socket) throws IOException {
            if (closed) {
                socket.close();
                throw new InterruptedIOException("Connection already shut down");
            }
            super.bind(holder);
            socketTimeout = Timeout.ofMilliseconds(socket.getSoTimeout());
        }

        @Override
        public Socket getSocket() {
            SocketHolder holder = getSocketHolder();
            return holder == null ? null : holder.getSocket();
        }

        @Override
        public SSLSession getSSLSession() {
            return getSocket() instanceof SSLSocket ssl ? ssl.getSession() : null;
        }

        @Override
        public void setSocketTimeout(Timeout timeout) {
            super.setSocketTimeout(timeout);
            socketTimeout = timeout;
        }

        @Override
        public void close() throws IOException {
            closed = true;
            super.close();
        }

        @Override
        public void close(CloseMode closeMode) {
            closed = true;
            super.close(closeMode);
        }

        /** An idle pooled connection waits without a timeout; {@link #activate} restores the last one set. */
        @Override
        public void passivate() {
            super.setSocketTimeout(Timeout.ZERO_MILLISECONDS);
        }

        @Override
        public void activate() {
            super.setSocketTimeout(socketTimeout);
        }
    }
}
