package io.baedal.standalone.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.INTEGER;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import io.baedal.identity.IdentityProperties;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Ingress;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.axonframework.updates.configuration.EnvironmentVariableUsagePropertyProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.yaml.snakeyaml.Yaml;

/**
 * The Kubernetes manifests in {@code deploy/k8s} (docs/KUBERNETES.md): each overlay, rendered as
 * {@code kubectl kustomize} renders it, is a set of objects that the Kubernetes API schema accepts
 * (the models of the Kubernetes Java client, which refuse unknown and missing required fields) and
 * that fit what this repository runs: probes on the actuator groups at the port each service
 * listens on, environment variables that the services read, addresses and references that resolve
 * within the rendering, selectors that select, autoscalers within the processors' segments, and
 * PostgreSQL connections within PostgreSQL's limit.
 *
 * <p>No cluster is needed. The overlays are rendered by {@link Kustomize}, the part of kustomize
 * that they use (a kustomization field it does not implement fails the test), so the checks run
 * wherever the build does; where {@code kubectl} is installed, its rendering is checked too and
 * must equal ours.
 */
class KubernetesManifestsTest {

    /** The tests run in the module's folder ({@code standalone/}). */
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path K8S = ROOT.resolve("deploy/k8s");
    private static final Path GUIDE = ROOT.resolve("docs/KUBERNETES.md");
    private static final String NAMESPACE = "baedal";
    private static final String NAME_LABEL = "app.kubernetes.io/name";
    private static final String LIVENESS = "/actuator/health/liveness";
    private static final String READINESS = "/actuator/health/readiness";
    private static final String PROMETHEUS = "/actuator/prometheus";
    /** Spring's {@code spring.lifecycle.timeout-per-shutdown-phase} when a service sets none. */
    private static final Duration SPRING_SHUTDOWN_PHASE = Duration.ofSeconds(30);
    private static final int POSTGRES_DEFAULT_MAX_CONNECTIONS = 100;
    /** Hikari's default {@code maximum-pool-size}. */
    private static final int HIKARI_DEFAULT_POOL = 10;
    /** {@code scheme://host:port}, as in http://order:8081 and jdbc:postgresql://postgres:5432/baedal. */
    private static final Pattern ADDRESS = Pattern.compile("//([a-z0-9.-]+):(\\d+)");
    /** An instance of a service that the gateway routes to, as its configuration lists them. */
    private static final Pattern DISCOVERED = Pattern.compile("spring\\.cloud\\.discovery\\.client\\.simple\\.instances\\.([a-z-]+)\\[\\d+]\\..+");

    /** Each Deployment of ours: the module it runs and the port it listens on. */
    private record Service(String module, int port) {
    }

    private static final Map<String, Service> SERVICES = Map.of(
            "order", new Service("order-command", 8081),
            "payment", new Service("payment-command", 8082),
            "kitchen", new Service("kitchen-command", 8083),
            "delivery", new Service("delivery-command", 8084),
            "saga", new Service("saga-orchestrator", 8085),
            "query", new Service("query-projections", 8086),
            // The demo token issuer: only where an overlay includes components/demo-identity.
            "identity", new Service("identity", 8087),
            "gateway", new Service("gateway", 8080));
    private static final Set<String> AUTOSCALED = Set.of("order", "payment", "kitchen", "delivery", "saga", "query");
    private static final Set<String> EVERYWHERE = Set.of("order", "payment", "kitchen", "delivery", "saga", "query", "gateway");
    private static final String ISSUER = "SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI";
    private static final String AUDIENCES = "SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_AUDIENCES";

    /** Configuration properties classes of ours that the services bind, without configuration metadata. */
    private static final List<Class<?>> PROPERTIES_CLASSES = List.of(IdentityProperties.class);

    /**
     * Environment variables the services read that no configuration file of theirs names and no
     * configuration metadata on this classpath lists, each with who reads it.
     */
    private static final Map<Pattern, String> ALSO_READ = Map.of(
            Pattern.compile(EnvironmentVariableUsagePropertyProvider.DISABLED_KEY),
            "Axon Framework's update checker, from the environment",
            Pattern.compile("SPRING_CLOUD_DISCOVERY_CLIENT_SIMPLE_INSTANCES_[A-Z]+_\\d+_URI"),
            "Spring Cloud's simple discovery client (a list of instances per service id)");

    private static final Map<String, Map<String, Object>> CONFIGS = new ConcurrentHashMap<>();
    private static final Map<Rendering, List<Map<String, Object>>> RENDERED = new ConcurrentHashMap<>();
    private static Set<String> knownProperties;
    /** Why kubectl does not render here (not installed, too old), or null when it does. */
    private static String kubectlMissing;
    private static boolean kubectlChecked;

    /** One overlay rendered by one renderer. */
    record Rendering(String overlay, boolean kubectl) {
        @Override
        public String toString() {
            return overlay + (kubectl ? " (kubectl kustomize)" : " (our renderer)");
        }

        List<Map<String, Object>> objects() {
            if (kubectl && !RENDERED.containsKey(this)) {
                // kubectl takes a second or so to start: every overlay at once.
                try {
                    overlays().parallel().forEach(each -> RENDERED.computeIfAbsent(new Rendering(each, true),
                            rendering -> kubectlKustomize(K8S.resolve("overlays").resolve(each))));
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }
            return RENDERED.computeIfAbsent(this, rendering -> new Kustomize().render(K8S.resolve("overlays").resolve(overlay)));
        }
    }

    static Stream<String> overlays() throws IOException {
        try (Stream<Path> folders = Files.list(K8S.resolve("overlays"))) {
            return folders.map(folder -> folder.getFileName().toString()).sorted().toList().stream();
        }
    }

    /** Every overlay by our renderer, and by kubectl where it is installed. */
    static Stream<Rendering> renderings() throws IOException {
        boolean kubectl = kubectlMissing() == null;
        return overlays().flatMap(overlay -> kubectl
                ? Stream.of(new Rendering(overlay, false), new Rendering(overlay, true))
                : Stream.of(new Rendering(overlay, false)));
    }

    @Test
    void thereIsALocalAndAProductionOverlay() throws IOException {
        assertThat(overlays()).containsExactly("local", "production");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void kubectlKustomizeRendersWhatOurRendererRenders(String overlay) {
        Assumptions.assumeTrue(kubectlMissing() == null, kubectlMissing() + ": " + overlay
                + " was rendered by the test's own renderer only");

        Map<String, Map<String, Object>> kubectl = byIdentity(new Rendering(overlay, true).objects());
        Map<String, Map<String, Object>> ours = byIdentity(new Rendering(overlay, false).objects());
        assertThat(kubectl.keySet()).as("objects of %s", overlay).isEqualTo(ours.keySet());
        kubectl.forEach((id, object) -> assertThat(object).as("%s in %s", id, overlay).isEqualTo(ours.get(id)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void everyObjectIsOfAKnownKindThatTheKubernetesSchemaAccepts(Rendering rendering) {
        Set<String> identities = new HashSet<>();
        for (Map<String, Object> object : rendering.objects()) {
            String kind = kindOf(object);
            assertThat(string(at(object, "metadata", "name"))).as("metadata.name of a %s", kind).isNotBlank();
            assertThat(identities.add(kind + "/" + name(object))).as("%s is unique", id(object)).isTrue();
            if (!kind.equals("v1/Namespace")) {
                assertThat(at(object, "metadata", "namespace")).as("namespace of %s", id(object)).isEqualTo(NAMESPACE);
            }
            JsonElement json = new Gson().toJsonTree(object);
            try {
                switch (kind) {
                    case "v1/Namespace" -> V1Namespace.validateJsonElement(json);
                    case "v1/ConfigMap" -> V1ConfigMap.validateJsonElement(json);
                    case "v1/Secret" -> V1Secret.validateJsonElement(json);
                    case "v1/Service" -> V1Service.validateJsonElement(json);
                    case "apps/v1/Deployment" -> V1Deployment.validateJsonElement(json);
                    case "apps/v1/StatefulSet" -> V1StatefulSet.validateJsonElement(json);
                    case "autoscaling/v2/HorizontalPodAutoscaler" -> V2HorizontalPodAutoscaler.validateJsonElement(json);
                    case "policy/v1/PodDisruptionBudget" -> V1PodDisruptionBudget.validateJsonElement(json);
                    case "networking.k8s.io/v1/Ingress" -> V1Ingress.validateJsonElement(json);
                    case "monitoring.coreos.com/v1/ServiceMonitor" -> {
                        assertThat(map(at(object, "spec", "selector"))).as("selector of %s", id(object)).isNotEmpty();
                        assertThat(list(at(object, "spec", "endpoints"))).as("endpoints of %s", id(object)).isNotEmpty();
                    }
                    case "postgresql.cnpg.io/v1/Cluster" -> {
                        assertThat(at(object, "spec", "instances")).as("instances of %s", id(object)).isInstanceOf(Integer.class);
                        assertThat(string(at(object, "spec", "storage", "size"))).as("storage of %s", id(object)).isNotBlank();
                        assertThat(string(at(object, "spec", "bootstrap", "initdb", "database"))).isNotBlank();
                    }
                    default -> throw new AssertionError(id(object) + " is of a kind this test does not know: " + kind);
                }
            } catch (IOException | IllegalArgumentException e) {
                throw new AssertionError(id(object) + " does not fit the Kubernetes schema: " + e.getMessage(), e);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void everyServiceOfOursRunsItsImageWithResourcesAndProbesOnTheActuatorGroupsOfItsPort(Rendering rendering)
            throws IOException {
        List<Map<String, Object>> objects = rendering.objects();
        assertThat(names(objects, "apps/v1/Deployment")).containsAll(EVERYWHERE).isSubsetOf(SERVICES.keySet());

        for (Map<String, Object> workload : workloads(objects)) {
            for (Object each : list(at(workload, "spec", "template", "spec", "containers"))) {
                Map<String, Object> container = map(each);
                String what = id(workload) + " container " + container.get("name");
                assertThat(string(container.get("image"))).as("image of %s", what).isNotBlank();
                Map<String, Object> resources = map(container.get("resources"));
                assertThat(map(resources.get("requests"))).as("requests of %s", what).containsKeys("cpu", "memory");
                assertThat(map(resources.get("limits"))).as("limits of %s", what).containsKey("memory");
                assertThat(bytes(at(resources, "requests", "memory"))).as("memory request of %s", what)
                        .isLessThanOrEqualTo(bytes(at(resources, "limits", "memory")));
                for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                    assertThat(map(container.get(probe))).as("%s of %s", probe, what).isNotEmpty();
                    Object port = at(container, probe, "httpGet", "port");
                    if (port != null) {
                        assertThat(containerPort(container, port)).as("%s of %s names a port of the container", probe, what)
                                .isNotNull();
                    }
                }
            }
        }

        for (Map<String, Object> deployment : objects(objects, "apps/v1/Deployment")) {
            Service service = SERVICES.get(name(deployment));
            Map<String, Object> container = onlyContainer(deployment);
            assertThat(string(container.get("image"))).as("image of %s", id(deployment))
                    .matches("(.+/)?baedal/" + name(deployment) + ":[^:]+");
            assertThat(containerPort(container, "http")).as("port http of %s", id(deployment)).isEqualTo(service.port());
            assertThat(at(container, "startupProbe", "httpGet", "path")).isEqualTo(LIVENESS);
            assertThat(at(container, "livenessProbe", "httpGet", "path")).isEqualTo(LIVENESS);
            assertThat(at(container, "readinessProbe", "httpGet", "path")).isEqualTo(READINESS);
            if (moduleExists(service)) {
                Map<String, Object> config = config(service.module());
                assertThat(config.get("server.port")).as("server.port of %s", service.module()).isEqualTo(service.port());
                assertThat(config.get("management.endpoint.health.probes.enabled"))
                        .as("%s answers %s and %s", service.module(), LIVENESS, READINESS).isEqualTo(true);
                assertThat(exposedPort(service)).as("the port that %s/Dockerfile exposes", service.module())
                        .isEqualTo(service.port());
            }
        }

        Map<String, Object> axonServer = object(objects, "apps/v1/StatefulSet", "axonserver");
        Properties properties = axonServerProperties(objects);
        Map<String, Object> container = onlyContainer(axonServer);
        assertThat(string(container.get("image"))).startsWith("axoniq/axonserver:").endsWith("-nonroot");
        assertThat(containerPort(container, "http")).isEqualTo(Integer.valueOf(properties.getProperty("server.port")));
        assertThat(containerPort(container, "grpc"))
                .isEqualTo(Integer.valueOf(properties.getProperty("axoniq.axonserver.port")));
        assertThat(at(container, "startupProbe", "failureThreshold")).as("Axon Server's startup allowance (10 s periods)")
                .asInstanceOf(INTEGER).isGreaterThanOrEqualTo(30);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void everyServiceOfOursStopsGracefully(Rendering rendering) throws IOException {
        for (Map<String, Object> deployment : objects(rendering.objects(), "apps/v1/Deployment")) {
            Service service = SERVICES.get(name(deployment));
            List<?> preStop = list(at(onlyContainer(deployment), "lifecycle", "preStop", "exec", "command"));
            assertThat(preStop).as("preStop of %s", id(deployment)).hasSize(2).first().isEqualTo("sleep");
            Duration shutdownPhase = SPRING_SHUTDOWN_PHASE;
            if (moduleExists(service)) {
                Map<String, Object> config = config(service.module());
                assertThat(config.get("server.shutdown")).as("server.shutdown of %s", service.module()).isEqualTo("graceful");
                Object phase = config.get("spring.lifecycle.timeout-per-shutdown-phase");
                shutdownPhase = phase == null ? SPRING_SHUTDOWN_PHASE : duration(phase.toString());
            }
            long needed = Long.parseLong(preStop.get(1).toString()) + shutdownPhase.toSeconds();
            assertThat(at(deployment, "spec", "template", "spec", "terminationGracePeriodSeconds"))
                    .as("%s: preStop, then graceful shutdown, within the grace period", id(deployment))
                    .asInstanceOf(INTEGER).isGreaterThan((int) needed);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void everyEnvironmentVariableOfOurServicesIsOneTheyRead(Rendering rendering) throws IOException {
        List<Map<String, Object>> objects = rendering.objects();
        for (Map<String, Object> deployment : objects(objects, "apps/v1/Deployment")) {
            Service service = SERVICES.get(name(deployment));
            Set<String> names = environment(objects, onlyContainer(deployment)).keySet();
            Set<String> configured = moduleExists(service) ? relaxed(config(service.module()).keySet()) : Set.of();
            if (moduleExists(service)) {
                // What a service's own configuration points at on localhost must come from the cluster.
                Set<String> given = relaxed(names);
                Set<String> deployed = names(objects, "apps/v1/Deployment");
                config(service.module()).forEach((property, value) -> {
                    Matcher instance = DISCOVERED.matcher(property);
                    if (instance.matches() && !deployed.contains(instance.group(1))) {
                        return; // a service this overlay does not run (the demo token issuer in production)
                    }
                    if (String.valueOf(value).contains("localhost")) {
                        assertThat(given).as("%s: %s is %s in %s's configuration; the environment gives where it is",
                                id(deployment), property, value, service.module()).contains(relaxed(property));
                    }
                });
            }
            for (String variable : names) {
                if (variable.equals("JAVA_OPTS")) {
                    if (moduleExists(service)) {
                        assertThat(Files.readString(ROOT.resolve(service.module()).resolve("Dockerfile")))
                                .as("%s/Dockerfile reads JAVA_OPTS", service.module()).contains("$JAVA_OPTS");
                    }
                    continue;
                }
                boolean read = configured.contains(relaxed(variable))
                        || knownProperties().contains(relaxed(variable))
                        || ALSO_READ.keySet().stream().anyMatch(pattern -> pattern.matcher(variable).matches());
                assertThat(read).as("%s of %s is a property of %s's configuration, of Spring or Axon's configuration"
                        + " metadata, or one of %s", variable, id(deployment), service.module(), ALSO_READ.values()).isTrue();
                if (variable.startsWith("SPRING_DATASOURCE_") && moduleExists(service)) {
                    assertThat(configured).as("%s gets %s: it has a datasource", id(deployment), variable)
                            .contains(relaxed("spring.datasource.url"));
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void everyAddressNamesAServiceOfTheRenderingOnThatPort(Rendering rendering) throws IOException {
        List<Map<String, Object>> objects = rendering.objects();
        Map<String, Set<Integer>> ports = servicePorts(objects);
        List<String> addresses = new ArrayList<>();
        for (Map<String, Object> workload : workloads(objects)) {
            for (Object container : list(at(workload, "spec", "template", "spec", "containers"))) {
                environment(objects, map(container)).forEach((variable, value) -> {
                    if (variable.endsWith("_ISSUER") || variable.endsWith("_ISSUER_URI")) {
                        return; // the address that clients see, outside the cluster
                    }
                    Matcher address = ADDRESS.matcher(value);
                    while (address.find()) {
                        addresses.add(address.group(1) + ":" + address.group(2));
                    }
                    if (variable.equals("AXON_AXONSERVER_SERVERS")) {
                        addresses.addAll(List.of(value.split(",")));
                    }
                });
            }
        }
        assertThat(addresses).as("addresses that the services are given").isNotEmpty();
        for (String address : addresses) {
            String host = address.substring(0, address.indexOf(':')).trim();
            int port = Integer.parseInt(address.substring(address.indexOf(':') + 1).trim());
            assertThat(ports.get(host)).as("the Service %s that %s names", host, address).isNotNull().contains(port);
        }

        Map<String, String> gatewayEnvironment = environment(objects, onlyContainer(object(objects, "apps/v1/Deployment", "gateway")));
        for (String routed : routedServices()) {
            if (!names(objects, "apps/v1/Deployment").contains(routed)) {
                continue; // not run in this overlay (the demo token issuer in production)
            }
            String variable = "SPRING_CLOUD_DISCOVERY_CLIENT_SIMPLE_INSTANCES_" + routed.toUpperCase(Locale.ROOT) + "_0_URI";
            assertThat(gatewayEnvironment).as("the gateway routes to lb://%s: where it is", routed).containsKey(variable);
        }
        for (Map<String, Object> ingress : objects(objects, "networking.k8s.io/v1/Ingress")) {
            for (Object rule : list(at(ingress, "spec", "rules"))) {
                for (Object path : list(at(map(rule), "http", "paths"))) {
                    Map<String, Object> backend = map(at(map(path), "backend", "service"));
                    Map<String, Object> service = object(objects, "v1/Service", string(backend.get("name")));
                    assertThat(list(at(service, "spec", "ports")).stream().map(port -> map(port).get("name")))
                            .as("%s's backend port", id(ingress)).contains(at(backend, "port", "name"));
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void everyConfigMapAndSecretReferredToExistsOrIsOneTheGuideSaysToCreate(Rendering rendering) throws IOException {
        List<Map<String, Object>> objects = rendering.objects();
        String guide = Files.readString(GUIDE);
        Map<String, Set<String>> secrets = new TreeMap<>();
        for (Map<String, Object> secret : objects(objects, "v1/Secret")) {
            Set<String> keys = new TreeSet<>(map(secret.get("stringData")).keySet());
            keys.addAll(map(secret.get("data")).keySet());
            secrets.put(name(secret), keys);
        }
        // CloudNativePG writes the Secret <cluster>-app: the database owner's credentials.
        for (Map<String, Object> cluster : objects(objects, "postgresql.cnpg.io/v1/Cluster")) {
            secrets.put(name(cluster) + "-app", Set.of("username", "password"));
        }

        List<String[]> secretReferences = new ArrayList<>();
        for (Map<String, Object> workload : workloads(objects)) {
            Map<String, Object> pod = map(at(workload, "spec", "template", "spec"));
            for (Object each : list(pod.get("containers"))) {
                Map<String, Object> container = map(each);
                for (Object source : list(container.get("envFrom"))) {
                    String configMap = string(at(map(source), "configMapRef", "name"));
                    assertThat(configMap).as("envFrom of %s", id(workload)).isNotNull();
                    object(objects, "v1/ConfigMap", configMap);
                }
                for (Object variable : list(container.get("env"))) {
                    Map<String, Object> secretKey = map(at(map(variable), "valueFrom", "secretKeyRef"));
                    if (!secretKey.isEmpty()) {
                        secretReferences.add(new String[] {string(secretKey.get("name")), string(secretKey.get("key")), id(workload)});
                    }
                    assertThat(at(map(variable), "valueFrom", "configMapKeyRef")).as("configMapKeyRef (not used)").isNull();
                }
            }
            for (Object volume : list(pod.get("volumes"))) {
                String configMap = string(at(map(volume), "configMap", "name"));
                if (configMap != null) {
                    object(objects, "v1/ConfigMap", configMap);
                }
            }
        }
        for (Map<String, Object> ingress : objects(objects, "networking.k8s.io/v1/Ingress")) {
            for (Object tls : list(at(ingress, "spec", "tls"))) {
                secretReferences.add(new String[] {string(map(tls).get("secretName")), null, id(ingress)});
            }
        }
        assertThat(secretReferences).isNotEmpty();
        for (String[] reference : secretReferences) {
            Set<String> keys = secrets.get(reference[0]);
            if (keys == null) {
                assertThat(guide.contains("`" + reference[0] + "`")).as("%s needs the Secret %s, which %s does not"
                        + " create: %s says how to create it", reference[2], reference[0], rendering.overlay(),
                        ROOT.relativize(GUIDE)).isTrue();
            } else if (reference[1] != null) {
                assertThat(keys).as("keys of the Secret %s that %s reads", reference[0], reference[2]).contains(reference[1]);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void selectorsSelectTheirPods(Rendering rendering) {
        List<Map<String, Object>> objects = rendering.objects();
        List<Map<String, Object>> workloads = workloads(objects);
        for (Map<String, Object> workload : workloads) {
            Map<String, Object> selector = map(at(workload, "spec", "selector", "matchLabels"));
            Map<String, Object> podLabels = map(at(workload, "spec", "template", "metadata", "labels"));
            assertThat(selector).as("selector of %s", id(workload)).containsEntry(NAME_LABEL, name(workload));
            assertThat(podLabels).as("pod labels of %s", id(workload)).containsAllEntriesOf(selector);
            for (Object constraint : list(at(workload, "spec", "template", "spec", "topologySpreadConstraints"))) {
                assertThat(podLabels).as("spread of %s", id(workload))
                        .containsAllEntriesOf(map(at(map(constraint), "labelSelector", "matchLabels")));
            }
        }
        for (Map<String, Object> service : objects(objects, "v1/Service")) {
            Map<String, Object> selector = map(at(service, "spec", "selector"));
            List<Map<String, Object>> selected = selected(workloads, selector);
            assertThat(selected).as("the pods that %s selects", id(service)).hasSize(1);
            for (Object port : list(at(service, "spec", "ports"))) {
                assertThat(containerPort(onlyContainer(selected.get(0)), map(port).get("targetPort")))
                        .as("targetPort %s of %s", map(port).get("targetPort"), id(service)).isNotNull();
            }
        }
        for (Map<String, Object> budget : objects(objects, "policy/v1/PodDisruptionBudget")) {
            List<Map<String, Object>> selected = selected(workloads, map(at(budget, "spec", "selector", "matchLabels")));
            assertThat(selected).as("the pods that %s covers", id(budget)).hasSize(1);
            assertThat(replicasAtLeast(objects, selected.get(0)))
                    .as("%s keeps one pod of %s, which must run more than one", id(budget), id(selected.get(0)))
                    .isGreaterThan(1);
        }
        for (Map<String, Object> monitor : objects(objects, "monitoring.coreos.com/v1/ServiceMonitor")) {
            Map<String, Object> selector = map(at(monitor, "spec", "selector", "matchLabels"));
            Set<Object> endpointPorts = new HashSet<>();
            list(at(monitor, "spec", "endpoints")).forEach(endpoint -> endpointPorts.add(map(endpoint).get("port")));
            Set<String> scraped = new TreeSet<>();
            for (Map<String, Object> service : objects(objects, "v1/Service")) {
                boolean hasPort = list(at(service, "spec", "ports")).stream().anyMatch(port -> endpointPorts.contains(map(port).get("name")));
                if (map(at(service, "metadata", "labels")).entrySet().containsAll(selector.entrySet()) && hasPort) {
                    scraped.add(name(service));
                }
            }
            assertThat(scraped).as("Services that %s scrapes", id(monitor))
                    .containsAll(names(objects, "apps/v1/Deployment")).contains("axonserver");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void everyPodThatAsksToBeScrapedNamesItsPrometheusEndpoint(Rendering rendering) throws IOException {
        List<Map<String, Object>> objects = rendering.objects();
        Set<String> scraped = new TreeSet<>();
        for (Map<String, Object> workload : workloads(objects)) {
            Map<String, Object> annotations = map(at(workload, "spec", "template", "metadata", "annotations"));
            if (!"true".equals(annotations.get("prometheus.io/scrape"))) {
                continue;
            }
            scraped.add(name(workload));
            assertThat(annotations.get("prometheus.io/path")).as("scrape path of %s", id(workload)).isEqualTo(PROMETHEUS);
            int port = Integer.parseInt(string(annotations.get("prometheus.io/port")));
            assertThat(list(at(onlyContainer(workload), "ports")).stream().map(each -> map(each).get("containerPort")))
                    .as("scrape port of %s", id(workload)).contains(port);
            Service service = SERVICES.get(name(workload));
            if (service != null && moduleExists(service)) {
                assertThat(string(config(service.module()).get("management.endpoints.web.exposure.include")))
                        .as("%s exposes %s", service.module(), PROMETHEUS).contains("prometheus");
            }
        }
        assertThat(scraped).containsAll(names(objects, "apps/v1/Deployment")).contains("axonserver");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void autoscalersScaleTheServicesWithinTheirProcessorsSegments(Rendering rendering) throws IOException {
        List<Map<String, Object>> objects = rendering.objects();
        Set<String> scaled = new TreeSet<>();
        for (Map<String, Object> autoscaler : objects(objects, "autoscaling/v2/HorizontalPodAutoscaler")) {
            Map<String, Object> target = map(at(autoscaler, "spec", "scaleTargetRef"));
            assertThat(target.get("kind")).isEqualTo("Deployment");
            Map<String, Object> deployment = object(objects, "apps/v1/Deployment", string(target.get("name")));
            scaled.add(name(deployment));
            assertThat(at(deployment, "spec", "replicas")).as("%s is scaled by %s: it sets no replicas of its own",
                    id(deployment), id(autoscaler)).isNull();
            assertThat(at(onlyContainer(deployment), "resources", "requests", "cpu"))
                    .as("CPU request of %s, the 100 %% of its autoscaler", id(deployment)).isNotNull();
            int min = (Integer) at(autoscaler, "spec", "minReplicas");
            int max = (Integer) at(autoscaler, "spec", "maxReplicas");
            assertThat(min).as("minReplicas of %s", id(autoscaler)).isBetween(1, max);
            Service service = SERVICES.get(name(deployment));
            List<Integer> segments = new ArrayList<>();
            config(service.module()).forEach((property, value) -> {
                if (property.startsWith("axon.eventhandling.processors.") && property.endsWith(".initial-segment-count")) {
                    segments.add((Integer) value);
                }
            });
            if (!segments.isEmpty()) {
                assertThat(max).as("maxReplicas of %s: no more than the segments of %s's processors %s",
                        id(autoscaler), service.module(), segments).isLessThanOrEqualTo(Collections.min(segments));
            }
        }
        assertThat(scaled).isEqualTo(AUTOSCALED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void tokensAreCheckedForTheIssuerAndAudienceTheyAreIssuedWith(Rendering rendering) {
        List<Map<String, Object>> objects = rendering.objects();
        Set<String> issuers = new TreeSet<>();
        Set<String> audiences = new TreeSet<>();
        for (Map<String, Object> deployment : objects(objects, "apps/v1/Deployment")) {
            if (name(deployment).equals("identity")) {
                continue;
            }
            Map<String, String> environment = environment(objects, onlyContainer(deployment));
            assertThat(environment).as("%s checks tokens: for which issuer and audience", id(deployment))
                    .containsKeys("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_JWK_SET_URI", ISSUER, AUDIENCES);
            issuers.add(environment.get(ISSUER));
            audiences.add(environment.get(AUDIENCES));
        }
        assertThat(issuers).as("the issuer every service requires").hasSize(1);
        assertThat(audiences).as("the audience every service requires").hasSize(1);
        for (Map<String, Object> issuer : objects(objects, "apps/v1/Deployment")) {
            if (name(issuer).equals("identity")) {
                Map<String, String> environment = environment(objects, onlyContainer(issuer));
                assertThat(environment.get("BAEDAL_IDENTITY_ISSUER")).as("the issuer in the tokens").isIn(issuers);
                assertThat(environment.get("BAEDAL_IDENTITY_AUDIENCE")).as("the audience in the tokens").isIn(audiences);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void statefulSetsKeepTheirDataOnPersistentVolumes(Rendering rendering) {
        List<Map<String, Object>> objects = rendering.objects();
        for (Map<String, Object> statefulSet : objects(objects, "apps/v1/StatefulSet")) {
            Map<String, Object> service = object(objects, "v1/Service", string(at(statefulSet, "spec", "serviceName")));
            assertThat(selected(List.of(statefulSet), map(at(service, "spec", "selector")))).as("%s selects %s",
                    id(service), id(statefulSet)).hasSize(1);
            Set<String> volumes = new TreeSet<>();
            list(at(statefulSet, "spec", "template", "spec", "volumes")).forEach(volume -> volumes.add(string(map(volume).get("name"))));
            Set<String> claims = new TreeSet<>();
            list(at(statefulSet, "spec", "volumeClaimTemplates")).forEach(claim -> {
                claims.add(string(at(map(claim), "metadata", "name")));
                assertThat(bytes(at(map(claim), "spec", "resources", "requests", "storage"))).isPositive();
            });
            assertThat(claims).as("volume claims of %s", id(statefulSet)).isNotEmpty();
            Set<String> mounted = new TreeSet<>();
            for (Object mount : list(at(onlyContainer(statefulSet), "volumeMounts"))) {
                String volume = string(map(mount).get("name"));
                assertThat(volumes.contains(volume) || claims.contains(volume)).as("volume %s of %s", volume, id(statefulSet)).isTrue();
                mounted.add(volume);
            }
            assertThat(mounted).as("%s mounts every claim", id(statefulSet)).containsAll(claims);
        }

        Map<String, Object> axonServer = object(objects, "apps/v1/StatefulSet", "axonserver");
        assertThat(at(axonServer, "spec", "replicas")).as("Axon Server SE runs one node").isEqualTo(1);
        assertThat(at(axonServer, "spec", "template", "spec", "securityContext", "runAsNonRoot")).isEqualTo(true);
        assertThat(at(axonServer, "spec", "template", "spec", "securityContext", "runAsUser")).isNotEqualTo(0);
        Map<String, String> claimPaths = new TreeMap<>();
        for (Object mount : list(at(onlyContainer(axonServer), "volumeMounts"))) {
            claimPaths.put(string(map(mount).get("name")), string(map(mount).get("mountPath")));
        }
        assertThat(claimPaths).containsKeys("events", "data", "plugins");
        Properties properties = axonServerProperties(objects);
        for (String property : List.of("axoniq.axonserver.event.storage", "axoniq.axonserver.snapshot.storage",
                "axoniq.axonserver.controldb-path", "axoniq.axonserver.plugin-package-directory")) {
            String path = properties.getProperty(property);
            assertThat(List.of("events", "data", "plugins").stream().map(claimPaths::get).anyMatch(mount -> path != null
                    && (path.equals(mount) || path.startsWith(mount + "/")))).as("%s=%s is on a persistent volume", property, path)
                    .isTrue();
        }
        Map<String, Object> headless = object(objects, "v1/Service", "axonserver");
        assertThat(at(headless, "spec", "clusterIP")).as("Axon Server's Service is headless").isEqualTo("None");
        assertThat(list(at(headless, "spec", "ports")).stream().map(port -> map(port).get("port"))).contains(8124, 8024);
        Map<String, String> axonEnvironment = environment(objects, onlyContainer(axonServer));
        assertThat(axonEnvironment).containsKey("AXONIQ_AXONSERVER_ACCESSCONTROL_TOKEN");
        assertThat(properties.getProperty("axoniq.axonserver.accesscontrol.enabled")).isEqualTo("true");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void theServicesPoolsAtTheirMostFitPostgresConnections(Rendering rendering) throws IOException {
        List<Map<String, Object>> objects = rendering.objects();
        int connections = 0;
        for (Map<String, Object> deployment : objects(objects, "apps/v1/Deployment")) {
            Map<String, String> environment = environment(objects, onlyContainer(deployment));
            if (!environment.containsKey("SPRING_DATASOURCE_URL")) {
                continue;
            }
            Object configured = config(SERVICES.get(name(deployment)).module()).get("spring.datasource.hikari.maximum-pool-size");
            int pool = environment.containsKey("SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE")
                    ? Integer.parseInt(environment.get("SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE"))
                    : configured == null ? HIKARI_DEFAULT_POOL : (Integer) configured;
            connections += pool * (replicasAtMost(objects, deployment) + surge(deployment));
        }
        int limit = POSTGRES_DEFAULT_MAX_CONNECTIONS;
        for (Map<String, Object> postgres : objects(objects, "apps/v1/StatefulSet")) {
            List<?> args = list(at(onlyContainer(postgres), "args"));
            for (Object arg : args) {
                if (arg.toString().startsWith("max_connections=")) {
                    limit = Integer.parseInt(arg.toString().substring("max_connections=".length()));
                }
            }
        }
        for (Map<String, Object> cluster : objects(objects, "postgresql.cnpg.io/v1/Cluster")) {
            Object parameter = at(cluster, "spec", "postgresql", "parameters", "max_connections");
            limit = parameter == null ? POSTGRES_DEFAULT_MAX_CONNECTIONS : Integer.parseInt(parameter.toString());
        }
        assertThat(connections).as("the services' connections with every autoscaler at its maximum and a rolling"
                + " update's extra pod each, against PostgreSQL's max_connections (less 3 reserved)").isPositive()
                .isLessThanOrEqualTo(limit - 3);
    }

    // --- kustomize ------------------------------------------------------------------------------

    /**
     * The part of kustomize that Baedal's kustomizations use: {@code resources} (files and
     * kustomization folders), {@code components}, {@code namespace}, {@code images} and
     * {@code patches} by file with strategic-merge patches that name their target. Any other field
     * fails, so that a kustomization cannot quietly outgrow the test.
     */
    static final class Kustomize {

        private static final Set<String> FIELDS = Set.of("apiVersion", "kind", "namespace", "resources", "components",
                "images", "patches");
        private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
                "CustomResourceDefinition", "PersistentVolume", "StorageClass");
        /** The lists that strategic merge merges element by element, by this key (Kubernetes' patchMergeKey). */
        private static final Map<String, String> MERGE_KEYS = Map.of("containers", "name", "initContainers", "name",
                "env", "name", "volumes", "name", "volumeMounts", "mountPath", "imagePullSecrets", "name",
                "topologySpreadConstraints", "topologyKey");

        List<Map<String, Object>> render(Path folder) {
            Map<String, Object> kustomization = kustomization(folder);
            assertThat(kustomization.get("kind")).as("%s", folder).isEqualTo("Kustomization");
            return build(folder, kustomization, List.of());
        }

        /** A kustomization's objects; a component's are those of the kustomization that names it, and its own. */
        private List<Map<String, Object>> build(Path folder, Map<String, Object> kustomization,
                List<Map<String, Object>> inherited) {
            assertThat(FIELDS).as("fields of %s/kustomization.yaml that the test's renderer implements", folder)
                    .containsAll(kustomization.keySet());
            List<Map<String, Object>> objects = new ArrayList<>(inherited);
            for (Object resource : list(kustomization.get("resources"))) {
                Path path = folder.resolve(resource.toString()).normalize();
                objects.addAll(Files.isDirectory(path) ? render(path) : documents(path));
            }
            for (Object component : list(kustomization.get("components"))) {
                Path path = folder.resolve(component.toString()).normalize();
                Map<String, Object> definition = kustomization(path);
                assertThat(definition.get("kind")).as("%s", path).isEqualTo("Component");
                objects = build(path, definition, objects);
            }
            for (Object entry : list(kustomization.get("patches"))) {
                assertThat(map(entry).keySet()).as("a patch of %s is a file", folder).containsExactly("path");
                for (Map<String, Object> patch : documents(folder.resolve(string(map(entry).get("path"))))) {
                    List<Map<String, Object>> targets = objects.stream().filter(object -> kindOf(object).equals(kindOf(patch))
                            && name(object).equals(name(patch))).toList();
                    assertThat(targets).as("the target of patch %s in %s", id(patch), folder).hasSize(1);
                    merge(targets.get(0), patch);
                }
            }
            Object namespace = kustomization.get("namespace");
            if (namespace != null) {
                objects.stream().filter(object -> !CLUSTER_SCOPED.contains(object.get("kind")))
                        .forEach(object -> map(object.get("metadata")).put("namespace", namespace.toString()));
            }
            for (Object image : list(kustomization.get("images"))) {
                Map<String, Object> rule = map(image);
                assertThat(Set.of("name", "newName", "newTag")).containsAll(rule.keySet());
                for (Map<String, Object> object : objects) {
                    for (Object container : list(at(object, "spec", "template", "spec", "containers"))) {
                        retag(map(container), rule);
                    }
                }
            }
            return objects;
        }

        private static void retag(Map<String, Object> container, Map<String, Object> rule) {
            String image = string(container.get("image"));
            int tagAt = image.lastIndexOf(':') > image.lastIndexOf('/') ? image.lastIndexOf(':') : image.length();
            if (!image.substring(0, tagAt).equals(rule.get("name"))) {
                return;
            }
            String name = rule.containsKey("newName") ? rule.get("newName").toString() : image.substring(0, tagAt);
            String tag = rule.containsKey("newTag") ? ":" + rule.get("newTag") : image.substring(tagAt);
            container.put("image", name + tag);
        }

        /** Strategic merge: maps key by key, keyed lists element by element (new ones first), anything else replaced. */
        @SuppressWarnings("unchecked")
        private static void merge(Map<String, Object> target, Map<String, Object> patch) {
            patch.forEach((key, value) -> {
                assertThat(key).as("patch directives are not implemented").doesNotStartWith("$");
                Object current = target.get(key);
                if (value == null) {
                    target.remove(key);
                } else if (value instanceof Map<?, ?> && current instanceof Map<?, ?>) {
                    merge((Map<String, Object>) current, (Map<String, Object>) value);
                } else if (value instanceof List<?> patched && current instanceof List<?> existing && mergeKey(key, existing) != null) {
                    String mergeKey = mergeKey(key, existing);
                    List<Object> merged = new ArrayList<>(existing);
                    List<Object> added = new ArrayList<>();
                    for (Object element : patched) {
                        Object keyValue = map(element).get(mergeKey);
                        Object match = merged.stream().filter(each -> Objects.equals(map(each).get(mergeKey), keyValue))
                                .findFirst().orElse(null);
                        if (match == null) {
                            added.add(copy(element));
                        } else {
                            merge(map(match), map(element));
                        }
                    }
                    merged.addAll(0, added);
                    target.put(key, merged);
                } else {
                    target.put(key, copy(value));
                }
            });
        }

        private static String mergeKey(String field, List<?> elements) {
            if (field.equals("ports")) {
                return elements.stream().anyMatch(port -> map(port).containsKey("containerPort")) ? "containerPort" : "port";
            }
            return MERGE_KEYS.get(field);
        }

        private static Object copy(Object value) {
            if (value instanceof Map<?, ?> map) {
                Map<String, Object> copy = new LinkedHashMap<>();
                map.forEach((key, each) -> copy.put(key.toString(), copy(each)));
                return copy;
            }
            if (value instanceof List<?> list) {
                return new ArrayList<>(list.stream().map(Kustomize::copy).toList());
            }
            return value;
        }

        private static Map<String, Object> kustomization(Path folder) {
            List<Map<String, Object>> documents = documents(folder.resolve("kustomization.yaml"));
            assertThat(documents).as("%s/kustomization.yaml", folder).hasSize(1);
            return documents.get(0);
        }
    }

    // --- helpers -------------------------------------------------------------------------------

    private static List<Map<String, Object>> documents(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }

    private static List<Map<String, Object>> parse(String yaml) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Yaml().loadAll(new StringReader(yaml))) {
            if (document != null) {
                documents.add(map(document));
            }
        }
        return documents;
    }

    /** Components and patches by path need kustomize 4 or later: kubectl 1.21 and later have it built in. */
    private static synchronized String kubectlMissing() {
        if (!kubectlChecked) {
            kubectlChecked = true;
            try {
                Run version = run(List.of("kubectl", "version", "--client"));
                Matcher kustomize = Pattern.compile("Kustomize Version: v(\\d+)").matcher(version.stdout());
                if (version.exitCode() != 0) {
                    kubectlMissing = "kubectl version --client failed: " + version.stderr();
                } else if (!kustomize.find() || Integer.parseInt(kustomize.group(1)) < 4) {
                    kubectlMissing = "kubectl's kustomize is older than 4 (" + version.stdout().trim() + ")";
                }
            } catch (IOException e) {
                kubectlMissing = "kubectl is not installed";
            }
        }
        return kubectlMissing;
    }

    private static List<Map<String, Object>> kubectlKustomize(Path folder) {
        try {
            Run run = run(List.of("kubectl", "kustomize", folder.toString()));
            assertThat(run.exitCode()).as("kubectl kustomize %s says:%n%s", folder, run.stderr()).isZero();
            return parse(run.stdout());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Map<String, Map<String, Object>> byIdentity(List<Map<String, Object>> objects) {
        Map<String, Map<String, Object>> byIdentity = new TreeMap<>();
        objects.forEach(object -> byIdentity.put(id(object), object));
        return byIdentity;
    }

    private static String kindOf(Map<String, Object> object) {
        return object.get("apiVersion") + "/" + object.get("kind");
    }

    private static String name(Map<String, Object> object) {
        return string(at(object, "metadata", "name"));
    }

    private static String id(Map<String, Object> object) {
        return object.get("kind") + " " + name(object);
    }

    private static List<Map<String, Object>> objects(List<Map<String, Object>> objects, String kind) {
        return objects.stream().filter(object -> kindOf(object).equals(kind)).toList();
    }

    private static Set<String> names(List<Map<String, Object>> objects, String kind) {
        return new TreeSet<>(objects(objects, kind).stream().map(KubernetesManifestsTest::name).toList());
    }

    private static Map<String, Object> object(List<Map<String, Object>> objects, String kind, String name) {
        List<Map<String, Object>> found = objects(objects, kind).stream().filter(object -> name(object).equals(name)).toList();
        assertThat(found).as("the %s %s", kind, name).hasSize(1);
        return found.get(0);
    }

    private static List<Map<String, Object>> workloads(List<Map<String, Object>> objects) {
        return objects.stream().filter(object -> kindOf(object).equals("apps/v1/Deployment")
                || kindOf(object).equals("apps/v1/StatefulSet")).toList();
    }

    private static List<Map<String, Object>> selected(List<Map<String, Object>> workloads, Map<String, Object> selector) {
        assertThat(selector).as("a selector").isNotEmpty();
        return workloads.stream().filter(workload -> map(at(workload, "spec", "template", "metadata", "labels"))
                .entrySet().containsAll(selector.entrySet())).toList();
    }

    private static Map<String, Object> onlyContainer(Map<String, Object> workload) {
        List<?> containers = list(at(workload, "spec", "template", "spec", "containers"));
        assertThat(containers).as("containers of %s", id(workload)).hasSize(1);
        return map(containers.get(0));
    }

    /** The number of a container's port, given by number or by name; null if it has none such. */
    private static Integer containerPort(Map<String, Object> container, Object port) {
        for (Object each : list(container.get("ports"))) {
            Map<String, Object> declared = map(each);
            if (port.equals(declared.get("name")) || port.equals(declared.get("containerPort"))) {
                return (Integer) declared.get("containerPort");
            }
        }
        return null;
    }

    /** A Service's name to the ports it serves; a CloudNativePG cluster's Services (-rw, -ro, -r) on 5432. */
    private static Map<String, Set<Integer>> servicePorts(List<Map<String, Object>> objects) {
        Map<String, Set<Integer>> ports = new TreeMap<>();
        for (Map<String, Object> service : objects(objects, "v1/Service")) {
            Set<Integer> served = new TreeSet<>();
            list(at(service, "spec", "ports")).forEach(port -> served.add((Integer) map(port).get("port")));
            ports.put(name(service), served);
        }
        for (Map<String, Object> cluster : objects(objects, "postgresql.cnpg.io/v1/Cluster")) {
            for (String suffix : List.of("-rw", "-ro", "-r")) {
                ports.put(name(cluster) + suffix, Set.of(5432));
            }
        }
        return ports;
    }

    /** A container's environment: its envFrom ConfigMaps' keys, then its own variables (values of Secrets empty). */
    private static Map<String, String> environment(List<Map<String, Object>> objects, Map<String, Object> container) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (Object source : list(container.get("envFrom"))) {
            Map<String, Object> configMap = object(objects, "v1/ConfigMap", string(at(map(source), "configMapRef", "name")));
            map(configMap.get("data")).forEach((key, value) -> environment.put(key, string(value)));
        }
        for (Object each : list(container.get("env"))) {
            Map<String, Object> variable = map(each);
            environment.put(string(variable.get("name")), variable.containsKey("value") ? string(variable.get("value")) : "");
        }
        return environment;
    }

    private static Properties axonServerProperties(List<Map<String, Object>> objects) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(string(at(object(objects, "v1/ConfigMap", "axonserver-properties"),
                    "data", "axonserver.properties"))));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return properties;
    }

    private static int replicasAtMost(List<Map<String, Object>> objects, Map<String, Object> deployment) {
        for (Map<String, Object> autoscaler : objects(objects, "autoscaling/v2/HorizontalPodAutoscaler")) {
            if (name(deployment).equals(at(autoscaler, "spec", "scaleTargetRef", "name"))) {
                return (Integer) at(autoscaler, "spec", "maxReplicas");
            }
        }
        Object replicas = at(deployment, "spec", "replicas");
        return replicas == null ? 1 : (Integer) replicas;
    }

    private static int replicasAtLeast(List<Map<String, Object>> objects, Map<String, Object> workload) {
        for (Map<String, Object> autoscaler : objects(objects, "autoscaling/v2/HorizontalPodAutoscaler")) {
            if (name(workload).equals(at(autoscaler, "spec", "scaleTargetRef", "name"))) {
                return (Integer) at(autoscaler, "spec", "minReplicas");
            }
        }
        Object replicas = at(workload, "spec", "replicas");
        return replicas == null ? 1 : (Integer) replicas;
    }

    private static int surge(Map<String, Object> deployment) {
        Object surge = at(deployment, "spec", "strategy", "rollingUpdate", "maxSurge");
        assertThat(surge).as("maxSurge of %s, as a number of pods", id(deployment)).isInstanceOf(Integer.class);
        return (Integer) surge;
    }

    /** A Kubernetes quantity of bytes (512Mi, 1Gi, 10G, 1000). */
    private static long bytes(Object quantity) {
        Matcher matcher = Pattern.compile("(\\d+(?:\\.\\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?").matcher(string(quantity));
        assertThat(matcher.matches()).as("%s is a quantity of bytes", quantity).isTrue();
        long unit = switch (matcher.group(2) == null ? "" : matcher.group(2)) {
            case "Ki" -> 1L << 10;
            case "Mi" -> 1L << 20;
            case "Gi" -> 1L << 30;
            case "Ti" -> 1L << 40;
            case "k" -> 1_000L;
            case "M" -> 1_000_000L;
            case "G" -> 1_000_000_000L;
            case "T" -> 1_000_000_000_000L;
            default -> 1L;
        };
        return new BigDecimal(matcher.group(1)).multiply(BigDecimal.valueOf(unit)).longValue();
    }

    /** A Spring duration as our configuration writes it (20s, 1m). */
    private static Duration duration(String value) {
        Matcher matcher = Pattern.compile("(\\d+)(ms|s|m|h)").matcher(value);
        if (!matcher.matches()) {
            throw new DateTimeParseException("not a duration of ours", value, 0);
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }

    // --- what the services read ----------------------------------------------------------------

    private static boolean moduleExists(Service service) {
        return Files.isRegularFile(ROOT.resolve(service.module()).resolve("pom.xml"));
    }

    private static int exposedPort(Service service) throws IOException {
        Matcher expose = Pattern.compile("(?m)^EXPOSE\\s+(\\d+)")
                .matcher(Files.readString(ROOT.resolve(service.module()).resolve("Dockerfile")));
        assertThat(expose.find()).as("%s/Dockerfile exposes a port", service.module()).isTrue();
        return Integer.parseInt(expose.group(1));
    }

    /**
     * A module's configuration as flat property names ({@code a.b[0].c}): platform's defaults when
     * it depends on platform, its own defaults, then its own YAML files, each over the one before.
     */
    private static Map<String, Object> config(String module) throws IOException {
        if (CONFIGS.containsKey(module)) {
            return CONFIGS.get(module);
        }
        Path resources = ROOT.resolve(module).resolve("src/main/resources");
        List<Path> files = new ArrayList<>();
        if (Files.readString(ROOT.resolve(module).resolve("pom.xml")).contains("<artifactId>platform</artifactId>")) {
            files.addAll(yamlFiles(ROOT.resolve("platform/src/main/resources/META-INF/baedal/defaults")));
        }
        files.addAll(yamlFiles(resources.resolve("META-INF/baedal/defaults")));
        files.addAll(yamlFiles(resources));
        Map<String, Object> config = new TreeMap<>();
        for (Path file : files) {
            for (Map<String, Object> document : documents(file)) {
                flatten("", document, config);
            }
        }
        CONFIGS.put(module, config);
        return config;
    }

    private static List<Path> yamlFiles(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.getFileName().toString().matches(".+\\.ya?ml")).sorted().toList();
        }
    }

    private static void flatten(String prefix, Object node, Map<String, Object> into) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> flatten(prefix.isEmpty() ? key.toString() : prefix + "." + key, value, into));
        } else if (node instanceof List<?> list && list.stream().anyMatch(each -> each instanceof Map<?, ?>)) {
            for (int i = 0; i < list.size(); i++) {
                flatten(prefix + "[" + i + "]", list.get(i), into);
            }
        } else if (node instanceof List<?> list) {
            into.put(prefix, String.join(",", list.stream().map(String::valueOf).toList()));
        } else {
            into.put(prefix, node);
        }
    }

    /**
     * Every property of the Spring configuration metadata on this classpath (Spring Boot's, Axon's,
     * ...): the names in each file's {@code properties} array, found by pattern rather than parsed,
     * which takes a tenth of the time of a JSON parser's first use.
     */
    private static synchronized Set<String> knownProperties() throws IOException {
        if (knownProperties == null) {
            Set<String> names = new HashSet<>();
            Pattern name = Pattern.compile("\"name\"\\s*:\\s*\"([^\"]+)\"");
            Enumeration<URL> files = KubernetesManifestsTest.class.getClassLoader()
                    .getResources("META-INF/spring-configuration-metadata.json");
            while (files.hasMoreElements()) {
                try (InputStream in = files.nextElement().openStream()) {
                    String metadata = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    Matcher properties = Pattern.compile("\"properties\"\\s*:\\s*\\[").matcher(metadata);
                    if (!properties.find()) {
                        continue;
                    }
                    int end = metadata.indexOf("\"hints\"", properties.end());
                    Matcher found = name.matcher(metadata.substring(properties.end(), end < 0 ? metadata.length() : end));
                    while (found.find()) {
                        names.add(relaxed(found.group(1)));
                    }
                }
            }
            for (Class<?> type : PROPERTIES_CLASSES) {
                String prefix = type.getAnnotation(ConfigurationProperties.class).value();
                for (RecordComponent component : type.getRecordComponents()) {
                    names.add(relaxed(prefix + "." + component.getName()));
                }
            }
            assertThat(names).as("configuration metadata on the classpath").contains(relaxed("spring.datasource.password"));
            knownProperties = names;
        }
        return knownProperties;
    }

    /** The service ids that the gateway's routes send to ({@code lb://order}). */
    private static Set<String> routedServices() throws IOException {
        Set<String> routed = new TreeSet<>();
        config("gateway").forEach((property, value) -> {
            if (property.endsWith(".uri") && String.valueOf(value).startsWith("lb://")) {
                routed.add(String.valueOf(value).substring("lb://".length()));
            }
        });
        assertThat(routed).as("the gateway's routes").isNotEmpty();
        return routed;
    }

    /** Spring's relaxed form of a property or environment variable name: letters and digits, lower case. */
    private static String relaxed(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    private static Set<String> relaxed(Set<String> names) {
        Set<String> relaxed = new HashSet<>();
        names.forEach(name -> relaxed.add(relaxed(name)));
        return relaxed;
    }

    // --- YAML trees ----------------------------------------------------------------------------

    private static Object at(Map<String, Object> node, String... path) {
        Object current = node;
        for (String key : path) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        return node instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private static List<?> list(Object node) {
        return node instanceof List<?> list ? list : List.of();
    }

    private static String string(Object value) {
        return value == null ? null : value.toString();
    }

    private static Run run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).directory(ROOT.toFile()).start();
        try {
            String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(1, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not end within a minute");
            }
            return new Run(process.exitValue(), stdout, stderr);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException(e);
        }
    }

    private record Run(int exitCode, String stdout, String stderr) {
    }
}
