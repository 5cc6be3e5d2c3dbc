package io.baedal.standalone.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.baedal.platform.tracing.TracingProperties;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.yaml.snakeyaml.Yaml;

/**
 * The compose files at the repository's root: Docker Compose accepts each of them (where
 * {@code docker-compose} or {@code docker compose} is installed; no Docker engine is needed), and
 * each starts what this repository has: every service it builds is a module of the root
 * {@code pom.xml} with a Dockerfile that copies that module's jar, is health-checked and scraped by
 * Prometheus on the port its Dockerfile exposes; every file it mounts from the repository exists;
 * every service waited for as healthy has a health check; every address it gives names one of its
 * services; Tempo receives OTLP from the other containers and keeps its traces on a volume, and every
 * service built on {@code platform} sends its traces there under its own name; every service whose
 * configuration has a database is given the file's PostgreSQL and waits for it, no other is given
 * one, and their pools fit PostgreSQL's connections.
 */
class ComposeFileTest {

    /** The tests run in the module's folder ({@code standalone/}). */
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern COMPOSE_FILE = Pattern.compile("(docker-)?compose([.-].+)?\\.ya?ml");
    private static final String PROMETHEUS_CONFIG = "/etc/prometheus/prometheus.yml";
    private static final String AXON_SERVER_IMAGE = "axoniq/axonserver:";
    private static final int AXON_SERVER_HTTP_PORT = 8024;
    private static final String TEMPO_IMAGE = "grafana/tempo:";
    private static final int OTLP_HTTP_PORT = 4318;
    private static final String POSTGRES_IMAGE = "postgres:";
    private static final int POSTGRES_DEFAULT_MAX_CONNECTIONS = 100;
    /** Connections PostgreSQL keeps for superusers ({@code superuser_reserved_connections}). */
    private static final int POSTGRES_RESERVED_CONNECTIONS = 3;
    /** Hikari's default {@code maximum-pool-size}. */
    private static final int HIKARI_DEFAULT_POOL = 10;
    /** {@code scheme://host:port}, as in http://order:8081 and jdbc:postgresql://postgres:5432/baedal. */
    private static final Pattern ADDRESS = Pattern.compile("//([a-zA-Z0-9_.-]+):(\\d+)");

    static Stream<Path> composeFiles() throws IOException {
        try (Stream<Path> files = Files.list(ROOT)) {
            return files.filter(file -> COMPOSE_FILE.matcher(file.getFileName().toString()).matches())
                    .map(file -> ROOT.relativize(file))
                    .sorted()
                    .toList()
                    .stream();
        }
    }

    @Test
    void theDistributedComposeFileIsAmongThem() throws IOException {
        assertThat(composeFiles()).contains(Path.of("docker-compose.yml"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("composeFiles")
    void dockerComposeAcceptsIt(Path file) throws Exception {
        List<List<String>> composes = Stream.of(List.of("docker-compose"), List.of("docker", "compose"))
                .filter(ComposeFileTest::runs)
                .toList();
        Assumptions.assumeFalse(composes.isEmpty(), "Neither docker-compose nor docker compose is installed"
                + " (Debian: apt-get install docker-compose): " + file + " was not validated");

        for (List<String> compose : composes) {
            List<String> command = new ArrayList<>(compose);
            command.addAll(List.of("-f", ROOT.resolve(file).toString(), "config", "-q"));
            Run run = run(command);
            assertThat(run.exitCode()).as("%s says:%n%s", String.join(" ", command), run.stderr()).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("composeFiles")
    void everyServiceItBuildsIsAModuleWithADockerfileThatCopiesTheModulesJar(Path file) throws Exception {
        Set<String> modules = modules(ROOT.resolve("pom.xml"));
        Map<String, Path> built = builtServices(file);

        for (Map.Entry<String, Path> service : built.entrySet()) {
            Path context = service.getValue();
            String module = ROOT.relativize(context).toString();
            assertThat(modules).as("service %s builds %s, a module of the root pom.xml", service.getKey(), module)
                    .contains(module);
            Path dockerfile = dockerfile(file, service.getKey());
            assertThat(dockerfile).as("Dockerfile of service %s", service.getKey()).isRegularFile();
            String finalName = finalName(context.resolve("pom.xml"));
            assertThat(copiedJar(dockerfile)).as("the jar that %s copies", dockerfile)
                    .isIn(finalName + ".jar", finalName + "-exec.jar");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("composeFiles")
    void everyServiceItBuildsIsHealthCheckedAndScrapedOnThePortItsDockerfileExposes(Path file) throws Exception {
        Map<String, Map<String, Object>> services = services(file);
        Set<String> scraped = prometheusTargets(file);

        for (String service : builtServices(file).keySet()) {
            int port = exposedPort(dockerfile(file, service));
            assertThat(healthCheck(services.get(service))).as("health check of %s", service)
                    .contains("localhost:" + port + "/actuator/health");
            assertThat(scraped).as("Prometheus targets of %s", file).contains(service + ":" + port);
        }
        services.forEach((name, service) -> {
            if (String.valueOf(service.get("image")).startsWith(AXON_SERVER_IMAGE)) {
                assertThat(scraped).as("Prometheus targets of %s", file).contains(name + ":" + AXON_SERVER_HTTP_PORT);
            }
        });
        for (String target : scraped) {
            assertThat(services.keySet()).as("Prometheus scrapes %s, a service of %s", target, file)
                    .contains(target.substring(0, target.lastIndexOf(':')));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("composeFiles")
    void everyFileItMountsFromTheRepositoryExists(Path file) throws IOException {
        List<Path> mounted = new ArrayList<>();
        services(file).forEach((name, service) -> mounts(service).forEach((source, target) -> {
            if (source.startsWith(".")) {
                mounted.add(ROOT.resolve(file).getParent().resolve(source).normalize());
            }
        }));

        assertThat(mounted).as("files mounted from the repository").isNotEmpty();
        for (Path source : mounted) {
            assertThat(source).as("mounted from %s", file).exists();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("composeFiles")
    void everyServiceWaitedForAsHealthyHasAHealthCheck(Path file) throws IOException {
        Map<String, Map<String, Object>> services = services(file);
        services.forEach((name, service) -> {
            if (service.get("depends_on") instanceof Map<?, ?> dependencies) {
                dependencies.forEach((dependency, condition) -> {
                    if ("service_healthy".equals(map(condition).get("condition"))) {
                        assertThat(healthCheck(services.get(String.valueOf(dependency))))
                                .as("%s waits for %s to be healthy: its health check", name, dependency)
                                .isNotBlank();
                    }
                });
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("composeFiles")
    void everyAddressItGivesNamesOneOfItsServices(Path file) throws IOException {
        Map<String, Map<String, Object>> services = services(file);
        services.forEach((name, service) -> environment(service).forEach((variable, value) -> {
            List<String> hosts = new ArrayList<>();
            Matcher address = ADDRESS.matcher(value);
            while (address.find()) {
                hosts.add(address.group(1));
            }
            if (variable.equals("AXON_AXONSERVER_SERVERS")) {
                for (String server : value.split(",")) {
                    hosts.add(server.trim().split(":")[0]);
                }
            }
            for (String host : hosts) {
                assertThat(services.keySet()).as("%s of %s names %s", variable, name, host).contains(host);
            }
        }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("composeFiles")
    void tempoKeepsItsTracesOnAVolumeAndReceivesOtlpFromOtherContainers(Path file) throws IOException {
        Map<String, Object> compose = yaml(ROOT.resolve(file));
        Map<String, Object> tempo = services(file).get(tempoService(file));
        assertThat(String.valueOf(tempo.get("image"))).as("Tempo's image, pinned").matches("grafana/tempo:\\d+\\.\\d+\\.\\d+");

        Map<String, Object> config = tempoConfig(file);
        Map<String, Object> protocols = map(map(map(map(config.get("distributor")).get("receivers")).get("otlp")).get("protocols"));
        assertThat(map(protocols.get("http")).get("endpoint")).as("OTLP/HTTP receiver, on every interface").isEqualTo("0.0.0.0:" + OTLP_HTTP_PORT);
        assertThat(map(protocols.get("grpc")).get("endpoint")).as("OTLP/gRPC receiver, on every interface").isEqualTo("0.0.0.0:4317");

        Map<String, Object> storage = map(map(config.get("storage")).get("trace"));
        assertThat(storage.get("backend")).isEqualTo("local");
        String volume = mounts(tempo).entrySet().stream()
                .filter(mount -> map(compose.get("volumes")).containsKey(mount.getKey()))
                .map(Map.Entry::getValue)
                .findFirst().orElseThrow(() -> new AssertionError("Tempo mounts no named volume of " + file));
        assertThat(List.of(String.valueOf(map(storage.get("wal")).get("path")), String.valueOf(map(storage.get("local")).get("path"))))
                .as("Tempo's WAL and blocks, on its volume %s", volume)
                .allSatisfy(path -> assertThat(path).startsWith(volume + "/"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("composeFiles")
    void everyServiceItBuildsThatRunsAxonSendsItsTracesToTempoUnderItsApplicationName(Path file) throws Exception {
        Map<String, Map<String, Object>> services = services(file);
        String tempo = tempoService(file);
        Set<String> traced = new TreeSet<>();

        for (Map.Entry<String, Path> service : builtServices(file).entrySet()) {
            if (!runsPlatform(service.getValue())) {
                continue;
            }
            traced.add(service.getKey());
            Map<String, String> environment = environment(services.get(service.getKey()));
            TracingProperties tracing = tracingProperties(environment);
            assertThat(tracing.enabled()).as("%s: baedal.tracing.enabled", service.getKey()).isTrue();
            assertThat(tracing.otlpEndpoint()).as("%s: baedal.tracing.otlp-endpoint", service.getKey())
                    .isEqualTo("http://" + tempo + ":" + OTLP_HTTP_PORT + "/v1/traces");
            assertThat(environment.get("OTEL_SERVICE_NAME"))
                    .as("%s: OTEL_SERVICE_NAME, the service's name in Tempo and in its log lines", service.getKey())
                    .isEqualTo(applicationName(service.getValue()));
        }
        assertThat(traced).as("services of %s that run Axon", file).isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("composeFiles")
    void everyServiceWithADatabaseIsGivenTheFilesPostgresAndWaitsForIt(Path file) throws Exception {
        Map<String, Map<String, Object>> services = services(file);
        Set<String> postgres = new TreeSet<>();
        services.forEach((name, service) -> {
            if (String.valueOf(service.get("image")).startsWith(POSTGRES_IMAGE)) {
                postgres.add(name);
            }
        });
        int connections = 0;

        for (Map.Entry<String, Path> built : builtServices(file).entrySet()) {
            String name = built.getKey();
            Map<String, Object> spring = map(ownConfiguration(built.getValue()).get("spring"));
            Map<String, String> environment = environment(services.get(name));
            boolean hasDatabase = map(spring.get("datasource")).get("url") != null;
            if (!hasDatabase) {
                assertThat(environment.keySet()).as("%s: %s's configuration names no database", name, built.getValue())
                        .noneMatch(variable -> variable.startsWith("SPRING_DATASOURCE_URL"));
                continue;
            }
            assertThat(list(map(spring.get("autoconfigure")).get("exclude")))
                    .as("%s: a datasource, and its auto-configuration on", name)
                    .noneMatch(excluded -> String.valueOf(excluded).endsWith(".DataSourceAutoConfiguration"));
            Matcher address = ADDRESS.matcher(environment.getOrDefault("SPRING_DATASOURCE_URL", ""));
            assertThat(address.find()).as("%s: SPRING_DATASOURCE_URL (its configuration points at localhost)", name).isTrue();
            assertThat(postgres).as("%s: the database it is given runs in %s", name, file).contains(address.group(1));
            assertThat(environment).as("%s: the database's user and password", name)
                    .containsKeys("SPRING_DATASOURCE_USERNAME", "SPRING_DATASOURCE_PASSWORD");
            assertThat(map(map(services.get(name).get("depends_on")).get(address.group(1))).get("condition"))
                    .as("%s waits for %s", name, address.group(1)).isEqualTo("service_healthy");
            Object configured = map(map(spring.get("datasource")).get("hikari")).get("maximum-pool-size");
            connections += environment.containsKey("SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE")
                    ? Integer.parseInt(environment.get("SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE"))
                    : configured == null ? HIKARI_DEFAULT_POOL : (Integer) configured;
        }
        for (String database : postgres) {
            int limit = list(services.get(database).get("command")).stream().map(String::valueOf)
                    .filter(argument -> argument.startsWith("max_connections="))
                    .map(argument -> Integer.parseInt(argument.substring("max_connections=".length())))
                    .findFirst().orElse(POSTGRES_DEFAULT_MAX_CONNECTIONS);
            assertThat(connections).as("the pools of the services of %s against %s's max_connections", file, database)
                    .isLessThanOrEqualTo(limit - POSTGRES_RESERVED_CONNECTIONS);
        }
    }

    /** The one service of a compose file that runs Grafana Tempo. */
    private static String tempoService(Path file) throws IOException {
        List<String> tempo = services(file).entrySet().stream()
                .filter(service -> String.valueOf(service.getValue().get("image")).startsWith(TEMPO_IMAGE)
                        && service.getValue().get("command") != null)
                .map(Map.Entry::getKey)
                .toList();
        assertThat(tempo).as("the Tempo service of %s", file).hasSize(1);
        return tempo.get(0);
    }

    /** The configuration file that the Tempo service is started with ({@code -config.file=}), as mounted from the repository. */
    private static Map<String, Object> tempoConfig(Path file) throws IOException {
        Map<String, Object> tempo = services(file).get(tempoService(file));
        String configFile = list(tempo.get("command")).stream().map(String::valueOf)
                .filter(argument -> argument.startsWith("-config.file="))
                .map(argument -> argument.substring("-config.file=".length()))
                .findFirst().orElseThrow(() -> new AssertionError("Tempo's -config.file in " + file));
        String source = mounts(tempo).entrySet().stream()
                .filter(mount -> mount.getValue().equals(configFile))
                .map(Map.Entry::getKey)
                .findFirst().orElseThrow(() -> new AssertionError(configFile + " is not mounted into Tempo by " + file));
        return yaml(ROOT.resolve(file).getParent().resolve(source).normalize());
    }

    /** {@code baedal.tracing.*} as Spring binds it from a service's environment variables. */
    private static TracingProperties tracingProperties(Map<String, String> environment) {
        Map<String, Object> variables = new LinkedHashMap<>(environment);
        // Under this name Spring maps BAEDAL_TRACING_OTLPENDPOINT to baedal.tracing.otlp-endpoint.
        Binder binder = new Binder(ConfigurationPropertySources.from(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables)));
        return binder.bindOrCreate("baedal.tracing", TracingProperties.class);
    }

    /** Whether a module is built on {@code platform} (and so runs Axon with its tracing), itself or through another module. */
    private static boolean runsPlatform(Path module) throws Exception {
        NodeList dependencies = xml(module.resolve("pom.xml")).getElementsByTagName("dependency");
        for (int i = 0; i < dependencies.getLength(); i++) {
            NodeList artifact = ((Element) dependencies.item(i)).getElementsByTagName("artifactId");
            String name = artifact.item(0).getTextContent().trim();
            if (name.equals("platform") || (Files.isRegularFile(ROOT.resolve(name).resolve("pom.xml"))
                    && !ROOT.resolve(name).equals(module) && runsPlatform(ROOT.resolve(name)))) {
                return true;
            }
        }
        return false;
    }

    /** A module's own configuration file (the one that names the application), as YAML. */
    private static Map<String, Object> ownConfiguration(Path module) throws IOException {
        try (Stream<Path> files = Files.list(module.resolve("src/main/resources"))) {
            for (Path yml : files.filter(path -> path.toString().endsWith(".yml")).sorted().toList()) {
                Map<String, Object> configuration = yaml(yml);
                if (map(map(configuration.get("spring")).get("application")).get("name") != null) {
                    return configuration;
                }
            }
        }
        throw new AssertionError(module + " names no spring.application.name");
    }

    /** {@code spring.application.name} of a module's own configuration file. */
    private static String applicationName(Path module) throws IOException {
        try (Stream<Path> files = Files.list(module.resolve("src/main/resources"))) {
            for (Path yml : files.filter(path -> path.toString().endsWith(".yml")).sorted().toList()) {
                Object name = map(map(yaml(yml).get("spring")).get("application")).get("name");
                if (name != null) {
                    return name.toString();
                }
            }
        }
        throw new AssertionError(module + " names no spring.application.name");
    }

    /** The services of a compose file that build from this repository, with their build folders. */
    private static Map<String, Path> builtServices(Path file) throws IOException {
        Map<String, Path> built = new LinkedHashMap<>();
        services(file).forEach((name, service) -> {
            Object build = service.get("build");
            if (build != null) {
                String context = build instanceof Map<?, ?> options ? String.valueOf(options.get("context")) : build.toString();
                built.put(name, ROOT.resolve(file).getParent().resolve(context).normalize());
            }
        });
        return built;
    }

    private static Path dockerfile(Path file, String service) throws IOException {
        Object build = services(file).get(service).get("build");
        String dockerfile = build instanceof Map<?, ?> options && options.get("dockerfile") != null
                ? options.get("dockerfile").toString() : "Dockerfile";
        return builtServices(file).get(service).resolve(dockerfile);
    }

    private static String copiedJar(Path dockerfile) throws IOException {
        Matcher copy = Pattern.compile("(?m)^COPY\\s+target/(\\S+\\.jar)\\s").matcher(Files.readString(dockerfile));
        assertThat(copy.find()).as("%s copies a jar from target/", dockerfile).isTrue();
        return copy.group(1);
    }

    private static int exposedPort(Path dockerfile) throws IOException {
        Matcher expose = Pattern.compile("(?m)^EXPOSE\\s+(\\d+)").matcher(Files.readString(dockerfile));
        assertThat(expose.find()).as("%s exposes a port", dockerfile).isTrue();
        return Integer.parseInt(expose.group(1));
    }

    /** The targets ({@code host:port}) of the Prometheus configuration that a compose file mounts; none without one. */
    private static Set<String> prometheusTargets(Path file) throws IOException {
        Set<String> targets = new TreeSet<>();
        for (Map<String, Object> service : services(file).values()) {
            for (Map.Entry<String, String> mount : mounts(service).entrySet()) {
                if (mount.getValue().equals(PROMETHEUS_CONFIG)) {
                    Map<String, Object> config = yaml(ROOT.resolve(file).getParent().resolve(mount.getKey()));
                    for (Object job : list(config.get("scrape_configs"))) {
                        for (Object statics : list(map(job).get("static_configs"))) {
                            list(map(statics).get("targets")).forEach(target -> targets.add(target.toString()));
                        }
                    }
                }
            }
        }
        return targets;
    }

    /** A service's bind mounts, source to target, in the short ({@code ./a:/b:ro}) or the long syntax. */
    private static Map<String, String> mounts(Map<String, Object> service) {
        Map<String, String> mounts = new LinkedHashMap<>();
        for (Object volume : list(service.get("volumes"))) {
            if (volume instanceof Map<?, ?> mount) {
                mounts.put(String.valueOf(mount.get("source")), String.valueOf(mount.get("target")));
            } else {
                String[] parts = volume.toString().split(":");
                if (parts.length > 1) {
                    mounts.put(parts[0], parts[1]);
                }
            }
        }
        return mounts;
    }

    private static String healthCheck(Map<String, Object> service) {
        Object test = map(service.get("healthcheck")).get("test");
        return test instanceof List<?> words ? String.join(" ", words.stream().map(String::valueOf).toList())
                : test == null ? "" : test.toString();
    }

    private static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> environment = new LinkedHashMap<>();
        Object variables = service.get("environment");
        if (variables instanceof Map<?, ?> byName) {
            byName.forEach((name, value) -> environment.put(String.valueOf(name), String.valueOf(value)));
        } else {
            for (Object variable : list(variables)) {
                String[] nameAndValue = variable.toString().split("=", 2);
                environment.put(nameAndValue[0], nameAndValue.length > 1 ? nameAndValue[1] : "");
            }
        }
        return environment;
    }

    private static Map<String, Map<String, Object>> services(Path file) throws IOException {
        Map<String, Map<String, Object>> services = new LinkedHashMap<>();
        map(yaml(ROOT.resolve(file)).get("services")).forEach((name, service) -> services.put(name, map(service)));
        assertThat(services).as("services of %s", file).isNotEmpty();
        return services;
    }

    /** Anchors and merge keys ({@code <<: *x}) resolved, as Docker Compose reads them. */
    private static Map<String, Object> yaml(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file)) {
            return map(new Yaml().load(reader));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        return node instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private static List<?> list(Object node) {
        return node instanceof List<?> list ? list : List.of();
    }

    private static Set<String> modules(Path pom) throws Exception {
        NodeList modules = xml(pom).getElementsByTagName("module");
        Set<String> names = new TreeSet<>();
        for (int i = 0; i < modules.getLength(); i++) {
            names.add(modules.item(i).getTextContent().trim());
        }
        return names;
    }

    private static String finalName(Path pom) throws Exception {
        NodeList finalName = xml(pom).getElementsByTagName("finalName");
        assertThat(finalName.getLength()).as("%s names its jar (build/finalName)", pom).isPositive();
        return finalName.item(0).getTextContent().trim();
    }

    private static Document xml(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
        }
    }

    private static boolean runs(List<String> command) {
        List<String> version = new ArrayList<>(command);
        version.add("version");
        try {
            return run(version).exitCode() == 0;
        } catch (IOException e) {
            return false; // not installed
        }
    }

    private static Run run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command)
                .directory(ROOT.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not end within 2 minutes");
            }
            return new Run(process.exitValue(), stderr);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException(e);
        }
    }

    private record Run(int exitCode, String stderr) {
    }
}
