package io.laurel.devstack;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLSocketFactory;

/**
 * A running Redis server: where it listens and the URI clients take. Closing it stops what Laurel started; a server
 * named by {@code REDIS_URL} is left alone.
 */
public final class RedisServer extends RunningServer {

    private final String uri;
    private final String username;
    private final String password;
    private final boolean tls;
    /** the server process when Laurel started one here; the launcher records it to clean up after a killed run */
    volatile ProcessHandle process;

    RedisServer(Infrastructure.Source source, String host, int port, String uri, String username, String password,
                boolean tls, String description, AutoCloseable stopper) {
        super("Redis", source, host, port, description, stopper);
        this.uri = uri;
        this.username = username;
        this.password = password;
        this.tls = tls;
    }

    /** A local server without credentials. */
    static RedisServer local(Infrastructure.Source source, String host, int port, String description,
                             AutoCloseable stopper) {
        return new RedisServer(source, host, port, "redis://" + host + ":" + port, "", "", false, description, stopper);
    }

    /** The server {@code REDIS_URL} names; fails at once, with the reason, if it does not answer PING. */
    static RedisServer external(RedisUrl url) {
        RedisServer server = new RedisServer(Infrastructure.Source.ENVIRONMENT, url.host(), url.port(), url.uri(),
                url.username(), url.password(), url.tls(), "named by REDIS_URL", () -> { });
        try {
            server.ping();
        } catch (RuntimeException e) {
            throw new IllegalStateException("REDIS_URL names " + url + " but it does not answer: " + e.getMessage(), e);
        }
        return server;
    }

    /** A view of a server another class loader of this JVM started (see {@link LaurelInfra}); closing it does nothing. */
    static RedisServer view(Infrastructure.Source source, String uri, String description) {
        RedisUrl url = RedisUrl.parse(uri);
        return new RedisServer(source, url.host(), url.port(), url.uri(), url.username(), url.password(), url.tls(),
                description, () -> { });
    }

    /** {@code redis://host:port} (with credentials and database if {@code REDIS_URL} had them): what
     * {@code quarkus.redis.hosts} takes. */
    public String uri() {
        return uri;
    }

    /** Sends PING (after AUTH when there is a password) and returns the reply, {@code PONG}. */
    public String ping() {
        try (Socket socket = open()) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            if (!password.isEmpty()) {
                String reply = username.isEmpty()
                        ? Resp.call(out, in, "AUTH", password) : Resp.call(out, in, "AUTH", username, password);
                if (!reply.equals("OK")) {
                    throw new IllegalStateException("AUTH answered " + reply);
                }
            }
            return Resp.call(out, in, "PING");
        } catch (IOException e) {
            throw new UncheckedIOException("Redis at " + host() + ":" + port() + " does not answer: " + e.getMessage(),
                    e);
        }
    }

    @Override
    public String toString() {
        return "RedisServer[" + describe() + "]";
    }

    private Socket open() throws IOException {
        String host = host();
        String bareHost = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(bareHost, port()), 5_000);
        if (!tls) {
            return socket;
        }
        return ((SSLSocketFactory) SSLSocketFactory.getDefault()).createSocket(socket, bareHost, port(), true);
    }

    /** Just enough of the Redis protocol (RESP2) to send a command and read a simple reply. */
    static final class Resp {
        private Resp() {
        }

        static String call(OutputStream out, InputStream in, String... command) throws IOException {
            StringBuilder request = new StringBuilder().append('*').append(command.length).append("\r\n");
            for (String part : command) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                request.append('$').append(bytes.length).append("\r\n").append(part).append("\r\n");
            }
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            String line = readLine(in);
            if (line.isEmpty()) {
                throw new IOException("empty reply");
            }
            return switch (line.charAt(0)) {
                case '+', ':' -> line.substring(1);
                case '-' -> throw new IOException("Redis error: " + line.substring(1));
                case '$' -> {
                    int length = Integer.parseInt(line.substring(1));
                    if (length < 0) {
                        yield "";
                    }
                    byte[] data = in.readNBytes(length + 2);
                    yield new String(data, 0, length, StandardCharsets.UTF_8);
                }
                default -> throw new IOException("unexpected reply: " + line);
            };
        }

        private static String readLine(InputStream in) throws IOException {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != -1) {
                if (c == '\r') {
                    in.read(); // '\n'
                    return line.toString();
                }
                line.append((char) c);
            }
            throw new IOException("connection closed after '" + line + "'");
        }
    }
}
