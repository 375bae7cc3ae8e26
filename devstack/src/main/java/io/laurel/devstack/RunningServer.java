package io.laurel.devstack;

/**
 * What the servers Laurel hands out share: where one comes from, where it listens, and stopping it. Closing it stops
 * what Laurel started (an embedded server, a container); a server named by an environment variable is left alone.
 */
public abstract class RunningServer implements AutoCloseable {

    private final String kind;
    private final Infrastructure.Source source;
    private final String host;
    private final int port;
    private final String description;
    private final AutoCloseable stopper;
    private boolean closed;

    /**
     * @param kind        what the server is, for messages ({@code Postgres}, {@code Redis})
     * @param description where it comes from, for people ({@code named by PG_URL}, …)
     * @param stopper     stops it; does nothing for a server Laurel did not start
     */
    protected RunningServer(String kind, Infrastructure.Source source, String host, int port, String description,
                            AutoCloseable stopper) {
        this.kind = kind;
        this.source = source;
        this.host = host;
        this.port = port;
        this.description = description;
        this.stopper = stopper;
    }

    public Infrastructure.Source source() {
        return source;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** One line for people: where it listens and where it comes from. */
    public String describe() {
        return host + ":" + port + " (" + description + ")";
    }

    /** Where it comes from, as {@link #describe} shows it; public since other class loaders' views pass it on. */
    public String description() {
        return description;
    }

    /** Stops the server if Laurel started it. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stopper.close();
        } catch (Exception e) {
            throw new IllegalStateException("stopping " + kind + " " + describe() + " failed: " + e.getMessage(), e);
        }
    }
}
