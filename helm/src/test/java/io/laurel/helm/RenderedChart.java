package io.laurel.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.Yaml;

/** The chart rendered by {@code helm template} (helm-java, offline), as a list of Kubernetes objects. */
final class RenderedChart {

    static final Path CHART = Path.of("laurel");
    static final String RELEASE = "acme";
    static final List<String> SERVICES = List.of("program", "progress", "reward", "tier");

    final List<Map<String, Object>> objects;

    private RenderedChart(List<Map<String, Object>> objects) {
        this.objects = objects;
    }

    /** Renders with the chart's defaults overlaid by {@code key=value} pairs (as {@code helm --set}). */
    static RenderedChart render(String... sets) {
        TemplateCommand template = new Helm(CHART).template().withName(RELEASE).withNamespace("loyalty");
        for (String set : sets) {
            int eq = set.indexOf('=');
            template = template.set(set.substring(0, eq), set.substring(eq + 1));
        }
        return parse(template.call());
    }

    @SuppressWarnings("unchecked")
    static RenderedChart parse(String manifests) {
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object doc : new Yaml().loadAll(manifests)) {
            if (doc instanceof Map<?, ?> map) {
                objects.add((Map<String, Object>) map);
            }
        }
        return new RenderedChart(objects);
    }

    static String objectName(String service) {
        return RELEASE + "-laurel-" + service;
    }

    List<Map<String, Object>> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
    }

    Optional<Map<String, Object>> find(String kind, String name) {
        return ofKind(kind).stream().filter(o -> name.equals(at(o, "metadata", "name"))).findFirst();
    }

    Map<String, Object> get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + names()));
    }

    /** The one container of a service's Deployment. */
    Map<String, Object> container(String service) {
        List<Map<String, Object>> containers = at(get("Deployment", objectName(service)), "spec", "template", "spec", "containers");
        return containers.getFirst();
    }

    /** The container's environment as name → value, or name → "secret:key" for a secretKeyRef. */
    Map<String, String> env(String service) {
        List<Map<String, Object>> env = at(container(service), "env");
        Map<String, String> byName = new java.util.LinkedHashMap<>();
        for (Map<String, Object> var : env) {
            Object value = var.get("value");
            if (value == null) {
                Map<String, Object> ref = at(var, "valueFrom", "secretKeyRef");
                value = ref.get("name") + ":" + ref.get("key");
            }
            byName.put((String) var.get("name"), String.valueOf(value));
        }
        return byName;
    }

    List<String> names() {
        return objects.stream().map(o -> o.get("kind") + "/" + at(o, "metadata", "name")).toList();
    }

    /** Walks maps by key and lists by numeric index. */
    @SuppressWarnings("unchecked")
    static <T> T at(Object node, Object... path) {
        Object current = node;
        for (Object step : path) {
            if (current == null) {
                return null;
            }
            current = step instanceof Integer i ? ((List<Object>) current).get(i) : ((Map<String, Object>) current).get(step);
        }
        return (T) current;
    }
}
