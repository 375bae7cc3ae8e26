package io.laurel.helm;

import static io.laurel.helm.RenderedChart.SERVICES;
import static io.laurel.helm.RenderedChart.at;
import static io.laurel.helm.RenderedChart.objectName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChartTest {

    private static final RenderedChart DEFAULTS = RenderedChart.render();

    @Test
    void lintIsCleanInStrictMode() {
        LintResult lint = new Helm(RenderedChart.CHART).lint().strict().call();

        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    }

    @Test
    void everyServiceHasItsOwnDeploymentServiceAutoscalerBudgetAndPolicy() {
        for (String kind : List.of("Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget", "NetworkPolicy")) {
            assertThat(DEFAULTS.ofKind(kind)).as(kind)
                    .extracting(o -> (String) at(o, "metadata", "name"))
                    .containsExactlyInAnyOrderElementsOf(SERVICES.stream().map(RenderedChart::objectName).toList());
        }
    }

    @Test
    void portsMatchEachServicesHttpPort() {
        for (String service : SERVICES) {
            int port = ServiceFacts.port(service);
            Map<String, Object> container = DEFAULTS.container(service);

            assertThat((Integer) at(container, "ports", 0, "containerPort")).as(service).isEqualTo(port);
            assertThat((List<?>) at(DEFAULTS.get("Service", objectName(service)), "spec", "ports")).as(service).hasSize(1);
            assertThat((Integer) at(DEFAULTS.get("Service", objectName(service)), "spec", "ports", 0, "port")).isEqualTo(port);
            assertThat(DEFAULTS.env(service)).containsEntry("QUARKUS_HTTP_PORT", String.valueOf(port));
        }
    }

    @Test
    void probesHitTheHealthEndpointsOnTheServicePort() {
        String root = ServiceFacts.shared("quarkus.smallrye-health.root-path");
        for (String service : SERVICES) {
            Map<String, Object> container = DEFAULTS.container(service);
            String portName = at(container, "ports", 0, "name");

            assertThat((String) at(container, "startupProbe", "httpGet", "path")).isEqualTo(root + "/started");
            assertThat((String) at(container, "readinessProbe", "httpGet", "path")).isEqualTo(root + "/ready");
            assertThat((String) at(container, "livenessProbe", "httpGet", "path")).isEqualTo(root + "/live");
            for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
                assertThat((Object) at(container, probe, "httpGet", "port")).as(service + " " + probe).isEqualTo(portName);
            }
        }
    }

    @Test
    void eachServiceGetsItsOwnDatabaseAndEveryPeerAddress() {
        for (String service : SERVICES) {
            Map<String, String> env = DEFAULTS.env(service);
            String database = ServiceFacts.database(service);

            assertThat(env).containsEntry("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://postgres:5432/" + database)
                    .containsEntry("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://postgres:5432/" + database);
            for (String peer : SERVICES) {
                assertThat(env).containsEntry("LAUREL_PEERS_" + peer.toUpperCase(),
                        objectName(peer) + ":" + ServiceFacts.port(peer));
            }
        }
    }

    @Test
    void databaseAndRedisCredentialsComeFromSecrets() {
        for (String service : SERVICES) {
            Map<String, String> env = DEFAULTS.env(service);
            String secret = objectName(service) + "-postgres";

            assertThat(env).containsEntry("QUARKUS_DATASOURCE_USERNAME", secret + ":username")
                    .containsEntry("QUARKUS_DATASOURCE_PASSWORD", secret + ":password");
            assertThat((Map<String, Object>) at(DEFAULTS.get("Secret", secret), "stringData")).containsKeys("username", "password");
            if (ServiceFacts.usesRedis(service)) {
                assertThat(env).containsEntry("QUARKUS_REDIS_HOSTS", "acme-laurel-redis:url");
            } else {
                assertThat(env).doesNotContainKey("QUARKUS_REDIS_HOSTS");
            }
        }
        assertThat((Map<String, Object>) at(DEFAULTS.get("Secret", "acme-laurel-redis"), "stringData")).containsKey("url");
    }

    @Test
    void existingSecretsAreReferencedAndNotCreated() {
        RenderedChart chart = RenderedChart.render(
                "postgres.existingSecret=laurel-db", "postgres.usernameKey=user",
                "services.reward.postgres.existingSecret=ledger-db", "services.reward.postgres.host=ledger.example",
                "redis.existingSecret=cache");

        assertThat(chart.ofKind("Secret")).isEmpty();
        assertThat(chart.env("tier")).containsEntry("QUARKUS_DATASOURCE_USERNAME", "laurel-db:user");
        assertThat(chart.env("reward")).containsEntry("QUARKUS_DATASOURCE_PASSWORD", "ledger-db:password")
                .containsEntry("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://ledger.example:5432/laurel_reward");
        assertThat(chart.env("progress")).containsEntry("QUARKUS_REDIS_HOSTS", "cache:url");
    }

    @ParameterizedTest
    @ValueSource(strings = {"program", "progress", "reward", "tier"})
    void eachServiceCanBeSwitchedOff(String off) {
        RenderedChart chart = RenderedChart.render("services." + off + ".enabled=false");

        assertThat(chart.objects).noneMatch(o -> (off + "-service").equals(at(o, "metadata", "labels", "app.kubernetes.io/name")));
        for (String service : SERVICES) {
            if (!service.equals(off)) {
                assertThat(chart.find("Deployment", objectName(service))).as(service).isPresent();
            }
        }
    }

    @Test
    void aSwitchedOffServiceCanLiveElsewhere() {
        RenderedChart chart = RenderedChart.render("services.program.enabled=false", "services.program.address=program.config:8081");

        assertThat(chart.env("reward")).containsEntry("LAUREL_PEERS_PROGRAM", "program.config:8081");
    }

    @Test
    void eachServiceScalesOnItsOwn() {
        RenderedChart chart = RenderedChart.render(
                "services.reward.autoscaling.enabled=false", "services.reward.replicas=5",
                "services.tier.autoscaling.maxReplicas=20", "services.progress.autoscaling.minReplicas=3");

        assertThat(chart.find("HorizontalPodAutoscaler", objectName("reward"))).isEmpty();
        assertThat((Integer) at(chart.get("Deployment", objectName("reward")), "spec", "replicas")).isEqualTo(5);
        assertThat((Object) at(chart.get("Deployment", objectName("tier")), "spec", "replicas"))
                .as("an autoscaled Deployment leaves replicas to its HPA").isNull();
        Map<String, Object> tier = chart.get("HorizontalPodAutoscaler", objectName("tier"));
        assertThat((Integer) at(tier, "spec", "maxReplicas")).isEqualTo(20);
        assertThat((String) at(tier, "spec", "scaleTargetRef", "name")).isEqualTo(objectName("tier"));
        assertThat((Integer) at(chart.get("HorizontalPodAutoscaler", objectName("progress")), "spec", "minReplicas")).isEqualTo(3);
        assertThat((Integer) at(chart.get("HorizontalPodAutoscaler", objectName("program")), "spec", "maxReplicas")).isEqualTo(6);
    }

    @Test
    void budgetsKeepAllButOnePodOfEachService() {
        for (String service : SERVICES) {
            Map<String, Object> pdb = DEFAULTS.get("PodDisruptionBudget", objectName(service));

            assertThat((Integer) at(pdb, "spec", "maxUnavailable")).isEqualTo(1);
            assertThat((Map<String, Object>) at(pdb, "spec", "selector", "matchLabels"))
                    .containsEntry("app.kubernetes.io/name", service + "-service");
        }
        assertThat(RenderedChart.render("services.tier.podDisruptionBudget.enabled=false")
                .find("PodDisruptionBudget", objectName("tier"))).isEmpty();
    }

    @Test
    void networkPoliciesAllowOnlyTheCallsTheArchitectureLists() {
        Set<String> documented = ServiceFacts.documentedCalls();
        assertThat(documented).as("docs/architecture.md's table of calls").isNotEmpty();

        Set<String> allowedIn = new HashSet<>();
        Set<String> allowedOut = new HashSet<>();
        for (String callee : SERVICES) {
            Map<String, Object> policy = DEFAULTS.get("NetworkPolicy", objectName(callee));
            List<Map<String, Object>> from = at(policy, "spec", "ingress", 0, "from");
            for (Map<String, Object> peer : from) {
                String caller = at(peer, "podSelector", "matchLabels", "app.kubernetes.io/name");
                if (caller != null && caller.endsWith("-service")) {
                    allowedIn.add(caller.replace("-service", "") + "→" + callee);
                }
            }
            assertThat(from).as("the gateway and Prometheus (networkPolicy.clients) may call " + callee)
                    .contains(Map.of("podSelector", Map.of("matchLabels", Map.of("laurel.io/client", "true"))));
            List<Map<String, Object>> egress = at(policy, "spec", "egress");
            for (Map<String, Object> rule : egress) {
                String target = at(rule, "to", 0, "podSelector", "matchLabels", "app.kubernetes.io/name");
                if (target != null) {
                    allowedOut.add(callee + "→" + target.replace("-service", ""));
                }
            }
        }

        assertThat(allowedIn).isEqualTo(documented);
        assertThat(allowedOut).isEqualTo(documented);
    }

    @Test
    void aServiceNobodyMayCallGetsNoOpenIngressRule() {
        RenderedChart chart = RenderedChart.render("networkPolicy.clients=null");

        assertThat((List<?>) at(chart.get("NetworkPolicy", objectName("progress")), "spec", "ingress", 0, "from")).isNotEmpty();
        for (Map<String, Object> policy : chart.ofKind("NetworkPolicy")) {
            List<Map<String, Object>> ingress = at(policy, "spec", "ingress");
            assertThat(ingress).allSatisfy(rule -> assertThat((List<?>) rule.get("from")).isNotEmpty());
        }
    }

    @Test
    void serviceMonitorsAreOptionalAndScrapeTheMetricsPath() {
        assertThat(DEFAULTS.ofKind("ServiceMonitor")).isEmpty();

        RenderedChart chart = RenderedChart.render("serviceMonitor.enabled=true", "serviceMonitor.labels.release=kube-prometheus");

        assertThat(chart.ofKind("ServiceMonitor")).hasSize(4).allSatisfy(monitor -> {
            assertThat((String) at(monitor, "spec", "endpoints", 0, "path"))
                    .isEqualTo(ServiceFacts.shared("quarkus.micrometer.export.prometheus.path"));
            assertThat((String) at(monitor, "spec", "endpoints", 0, "port")).isEqualTo("http");
            assertThat((String) at(monitor, "metadata", "labels", "release")).isEqualTo("kube-prometheus");
        });
    }

    @Test
    void podsRunAsTheImagesNonRootUserOnAReadOnlyRoot() {
        for (String service : SERVICES) {
            Map<String, Object> pod = at(DEFAULTS.get("Deployment", objectName(service)), "spec", "template", "spec");

            assertThat((Boolean) at(pod, "securityContext", "runAsNonRoot")).isTrue();
            assertThat((Integer) at(pod, "securityContext", "runAsUser")).isEqualTo(185);
            assertThat((Boolean) at(pod, "containers", 0, "securityContext", "readOnlyRootFilesystem")).isTrue();
            assertThat((String) at(pod, "containers", 0, "image")).isEqualTo("laurel/" + service + "-service:0.1.0-SNAPSHOT");
        }
    }

    @Test
    void tracingAndJsonLogsAreSwitchedByValues() {
        assertThat(DEFAULTS.env("reward")).containsEntry("QUARKUS_OTEL_SDK_DISABLED", "true")
                .doesNotContainKey("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
                .containsEntry("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true");

        RenderedChart chart = RenderedChart.render("tracing.enabled=true", "tracing.endpoint=http://collector:4317",
                "logging.json=false", "logging.requestLevel=DEBUG");

        assertThat(chart.env("reward")).containsEntry("QUARKUS_OTEL_SDK_DISABLED", "false")
                .containsEntry("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://collector:4317")
                .containsEntry("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false")
                .containsEntry("QUARKUS_LOG_CATEGORY__LAUREL_REQUESTS__LEVEL", "DEBUG");
    }

    @Test
    void theSwitchesTheChartSetsAreOnesTheServicesRead() {
        for (String property : List.of("quarkus.otel.sdk.disabled", "quarkus.log.console.json.enabled",
                "quarkus.datasource.reactive.max-size")) {
            assertThat(ServiceFacts.shared(property)).as(property + " is a shared default in platform").isNotNull();
            assertThat(DEFAULTS.env("tier")).containsKey(property.toUpperCase().replace('.', '_').replace('-', '_'));
        }
        assertThat(DEFAULTS.env("tier")).containsKey("LAUREL_PEERS_" + "PROGRAM");
        assertThat(ServiceFacts.shared("laurel.peers.program")).isNotNull();
    }

    @Test
    void theSchemaRefusesValuesThatCannotWork() {
        assertThatThrownBy(() -> RenderedChart.render("services.reward.port=eighty")).hasMessageContaining("port");
        assertThatThrownBy(() -> RenderedChart.render("services.reward.replica=3")).hasMessageContaining("replica");
        assertThatThrownBy(() -> RenderedChart.render("redis.url=localhost:6379")).hasMessageContaining("url");
    }
}
