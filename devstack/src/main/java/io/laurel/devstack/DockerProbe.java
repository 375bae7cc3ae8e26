package io.laurel.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Whether a Docker engine answers. Testcontainers' own probe takes a while and logs errors when there is none, so it
 * runs only when something suggests an engine: {@code DOCKER_HOST}, a Testcontainers host setting, or one of the
 * sockets Docker, Docker Desktop, Podman, Colima or Rancher Desktop create. The answer is kept for the JVM.
 */
final class DockerProbe {

    private static volatile Boolean answer;

    private DockerProbe() {
    }

    static boolean answers(Map<String, String> env) {
        Boolean known = answer;
        if (known == null) {
            synchronized (DockerProbe.class) {
                known = answer;
                if (known == null) {
                    known = plausible(env) && askTestcontainers();
                    answer = known;
                }
            }
        }
        return known;
    }

    /** Whether an engine may be there at all; cheap, and never wrong in the "no" direction for the usual setups. */
    static boolean plausible(Map<String, String> env) {
        if (notBlank(env.get("DOCKER_HOST")) || notBlank(env.get("TESTCONTAINERS_HOST_OVERRIDE"))) {
            return true;
        }
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win")) {
            return true; // named pipes: nothing cheap to look at
        }
        String home = System.getProperty("user.home", "");
        Path properties = Path.of(home, ".testcontainers.properties");
        if (Files.isRegularFile(properties)) {
            Properties p = new Properties();
            try (var in = Files.newInputStream(properties)) {
                p.load(in);
                if (notBlank(p.getProperty("docker.host")) || notBlank(p.getProperty("tc.host"))) {
                    return true;
                }
            } catch (IOException ignored) {
                // unreadable: decide from the sockets
            }
        }
        return candidateSockets(env, home).stream().anyMatch(Files::exists);
    }

    static List<Path> candidateSockets(Map<String, String> env, String home) {
        List<Path> sockets = new ArrayList<>(List.of(
                Path.of("/var/run/docker.sock"),
                Path.of("/run/docker.sock"),
                Path.of("/run/podman/podman.sock"),
                Path.of(home, ".docker", "run", "docker.sock"),
                Path.of(home, ".docker", "desktop", "docker.sock"),
                Path.of(home, ".colima", "default", "docker.sock"),
                Path.of(home, ".colima", "docker.sock"),
                Path.of(home, ".rd", "docker.sock")));
        String runtime = env.get("XDG_RUNTIME_DIR");
        if (notBlank(runtime)) {
            sockets.add(Path.of(runtime, "docker.sock"));
            sockets.add(Path.of(runtime, "podman", "podman.sock"));
        }
        return sockets;
    }

    private static boolean askTestcontainers() {
        try {
            return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            return false;
        }
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
