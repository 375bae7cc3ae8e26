package io.laurel.devstack;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The running suite, as a {@link DemoScenario} sees it.
 *
 * @param root     project root
 * @param services the services, each answering gRPC and HTTP on one port
 * @param postgres where Postgres listens (do not close it)
 * @param redis    where Redis listens (do not close it)
 * @param out      where to tell the person watching what happens
 */
public record Suite(Path root, List<Endpoint> services, PostgresServer postgres, RedisServer redis, PrintStream out) {

    /** The development clock every service of {@code ./laurel up} follows ({@code .laurel/clock}). */
    public SuiteClock clock() {
        return new SuiteClock(root.resolve(".laurel").resolve("clock"));
    }

    /** The service called {@code name} ({@code reward-service} or {@code reward}). */
    public Endpoint service(String name) {
        return services.stream()
                .filter(e -> e.name().equals(name) || e.area().equals(name))
                .findFirst()
                .orElseThrow(() -> new NoSuchElementException("no service " + name + " in " + services));
    }

    /**
     * One service's address.
     *
     * @param name e.g. {@code reward-service}
     * @param area e.g. {@code reward}
     * @param host host to dial
     * @param port gRPC and HTTP port
     */
    public record Endpoint(String name, String area, String host, int port) {

        /** {@code host:port}, what {@code ManagedChannelBuilder.forTarget(..)} takes (plaintext). */
        public String target() {
            return host + ":" + port;
        }

        public String httpUrl() {
            return "http://" + host + ":" + port;
        }
    }
}
