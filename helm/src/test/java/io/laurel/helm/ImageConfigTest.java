package io.laurel.helm;

import static io.laurel.helm.RenderedChart.SERVICES;
import static io.laurel.helm.RenderedChart.at;
import static io.laurel.helm.RenderedChart.objectName;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The images `./mvnw -B -Pimage package -DskipTests` writes (OCI tarballs) run as the chart expects:
 * a non-root user (the chart's runAsUser), java on the Quarkus app, the service's port exposed.
 * Skipped when no image was built, unless {@code -Dlaurel.images.required=true} (CI builds them first).
 */
class ImageConfigTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"program", "progress", "reward", "tier"})
    void theImageRunsTheServiceAsTheChartsNonRootUserOnItsPort(String service) throws IOException {
        Path tar = Path.of("..", service + "-service", "target", "image", service + "-service.tar");
        if (!Boolean.getBoolean("laurel.images.required")) {
            Assumptions.assumeTrue(Files.exists(tar), "no image built for " + service + " (./mvnw -B -Pimage package -DskipTests)");
        }
        Map<String, byte[]> entries = readTar(tar);

        JsonNode index = JSON.readTree(entries.get("index.json"));
        assertThat(index.at("/manifests/0/annotations/org.opencontainers.image.ref.name").asText())
                .isEqualTo("laurel/" + service + "-service:0.1.0-SNAPSHOT");
        JsonNode manifest = JSON.readTree(blob(entries, index.at("/manifests/0/digest").asText()));
        JsonNode config = JSON.readTree(blob(entries, manifest.at("/config/digest").asText())).get("config");

        RenderedChart chart = RenderedChart.render();
        Map<String, Object> pod = at(chart.get("Deployment", objectName(service)), "spec", "template", "spec");
        assertThat(config.get("User").asText()).isEqualTo(at(pod, "securityContext", "runAsUser") + ":" + at(pod, "securityContext", "runAsGroup"))
                .doesNotStartWith("0");
        List<String> entrypoint = JSON.convertValue(config.get("Entrypoint"), JSON.getTypeFactory().constructCollectionType(List.class, String.class));
        assertThat(entrypoint).startsWith("/opt/java/bin/java").endsWith("-jar", "/deployments/quarkus-run.jar")
                .anySatisfy(option -> assertThat(option).startsWith("-XX:MaxRAMPercentage="));
        assertThat(config.get("ExposedPorts").fieldNames()).toIterable().containsExactly(ServiceFacts.port(service) + "/tcp");
        assertThat(manifest.get("layers")).as("runtime + app layers").hasSizeGreaterThanOrEqualTo(2);
    }

    private static byte[] blob(Map<String, byte[]> entries, String digest) {
        return entries.get("blobs/sha256/" + digest.substring("sha256:".length()));
    }

    /** The small JSON entries of an uncompressed tar (layers are skipped). */
    private static Map<String, byte[]> readTar(Path tar) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        try (InputStream in = Files.newInputStream(tar)) {
            byte[] header = new byte[512];
            while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
                String name = new String(header, 0, 100, StandardCharsets.US_ASCII).replace("\0", "").trim();
                long size = Long.parseLong(new String(header, 124, 12, StandardCharsets.US_ASCII).replace("\0", "").trim(), 8);
                long padded = (size + 511) / 512 * 512;
                if (size < 1_000_000) {
                    entries.put(name.startsWith("./") ? name.substring(2) : name, in.readNBytes((int) size));
                    in.skipNBytes(padded - size);
                } else {
                    in.skipNBytes(padded);
                }
            }
        }
        return entries;
    }
}
