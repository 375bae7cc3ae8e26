package io.laurel.devstack;

import java.nio.file.Path;
import java.util.List;

/**
 * One of the suite's services as the launcher runs it.
 *
 * @param name  module and artifact folder, e.g. {@code reward-service}
 * @param area  short name, e.g. {@code reward}; its database is {@code laurel_<area>}
 * @param port  HTTP port, shared by gRPC
 */
public record LaurelService(String name, String area, int port) {

    /** The four services, in start order. */
    public static final List<LaurelService> ALL = List.of(
            new LaurelService("program-service", "program", 8081),
            new LaurelService("progress-service", "progress", 8082),
            new LaurelService("reward-service", "reward", 8083),
            new LaurelService("tier-service", "tier", 8084));

    public String database() {
        return "laurel_" + area;
    }

    /** The packaged application: {@code <root>/<name>/target/quarkus-app/quarkus-run.jar}. */
    public Path jar(Path root) {
        return root.resolve(name).resolve("target").resolve("quarkus-app").resolve("quarkus-run.jar");
    }

    public String healthUrl() {
        return "http://localhost:" + port + "/q/health/ready";
    }

    public String metricsUrl() {
        return "http://localhost:" + port + "/q/metrics";
    }
}
