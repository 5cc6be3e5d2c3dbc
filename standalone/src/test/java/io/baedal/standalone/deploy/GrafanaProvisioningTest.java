package io.baedal.standalone.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import io.baedal.platform.axon.LoggingContextInterceptor;
import io.baedal.platform.tracing.TracingConfiguration;
import io.baedal.standalone.support.HttpJson;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.logstash.logback.encoder.LogstashEncoder;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;

/**
 * Grafana's provisioned data sources and the Saga failures dashboard, as Grafana reads them: the
 * Tempo data source is where docker-compose.yml runs Tempo; a JSON log line as the services write it
 * (their LogstashEncoder) links to its trace and to its order's traces in Tempo; a trace links back
 * to its log lines in Loki; the dashboard's links to Tempo name the provisioned data source and the
 * span attribute the services set. (MonitoringTest checks the dashboards' queries against a running
 * application.)
 */
class GrafanaProvisioningTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path DATASOURCES = ROOT.resolve("monitoring/grafana/provisioning/datasources/datasources.yml");
    private static final Path SAGA_FAILURES = ROOT.resolve("monitoring/grafana/dashboards/saga-failures.json");
    private static final Path TEMPO_CONFIG = ROOT.resolve("monitoring/tempo/tempo-config.yml");
    private static final String ORDER_ID_ATTRIBUTE = "span." + TracingConfiguration.ORDER_ID_ATTRIBUTE;

    @Test
    void everyLiteralDollarIsEscapedFromGrafanasOwnExpansion() throws IOException {
        // Grafana replaces ${NAME} in provisioning files by an environment variable (mostly: by
        // nothing); $$ keeps a $ for the link templates.
        assertThat(Files.readString(DATASOURCES)).doesNotContainPattern("(?<!\\$)\\$\\{");
    }

    @Test
    void tempoIsProvisionedWhereComposeRunsIt() throws IOException {
        Map<String, Object> tempo = datasource("tempo");
        int port = (Integer) map(yaml(Files.readString(TEMPO_CONFIG)).get("server")).get("http_listen_port");
        assertThat(tempo.get("url")).isEqualTo("http://tempo:" + port);
        Map<String, Object> compose = yaml(Files.readString(ROOT.resolve("docker-compose.yml")));
        assertThat(String.valueOf(map(map(compose.get("services")).get("tempo")).get("image"))).startsWith("grafana/tempo:");
    }

    @Test
    void aTracesLogLinesAreFoundInLokiByItsTraceId() throws IOException {
        Map<String, Object> toLogs = map(map(datasource("tempo").get("jsonData")).get("tracesToLogsV2"));
        assertThat(toLogs.get("datasourceUid")).isEqualTo(uid("loki"));
        assertThat(toLogs.get("customQuery")).isEqualTo(true);
        assertThat(String.valueOf(toLogs.get("query")))
                .contains("| json |")
                .contains(LoggingContextInterceptor.TRACE_ID + "=\"${__trace.traceId}\"");
    }

    @Test
    void aLogLineWithAnOpenTelemetryTraceIdLinksToThatTraceInTempo() throws IOException {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String orderId = UUID.randomUUID().toString();
        String line = logLine(Map.of(LoggingContextInterceptor.TRACE_ID, traceId, LoggingContextInterceptor.ORDER_ID, orderId));

        Map<String, Object> traceLink = derivedField("traceId");
        assertThat(traceLink.get("datasourceUid")).isEqualTo(uid("tempo"));
        assertThat(valueFor(traceLink, line)).as("trace id found in %s", line).isEqualTo(traceId);
        assertThat(traceLink.get("url")).isEqualTo("${__value.raw}");

        Map<String, Object> orderLink = derivedField("orderId");
        assertThat(orderLink.get("datasourceUid")).isEqualTo(uid("tempo"));
        assertThat(valueFor(orderLink, line)).as("order id found in %s", line).isEqualTo(orderId);
        assertThat(String.valueOf(orderLink.get("url"))).isEqualTo("{ " + ORDER_ID_ATTRIBUTE + " = \"${__value.raw}\" }");
    }

    @Test
    void axonsOwnTraceIdIsNotOfferedAsATempoTrace() throws IOException {
        // Without tracing the field holds Axon's id, a UUID: Tempo would find nothing under it.
        String line = logLine(Map.of(LoggingContextInterceptor.TRACE_ID, UUID.randomUUID().toString()));
        assertThat(valueFor(derivedField("traceId"), line)).isNull();
    }

    @Test
    void theSagaFailuresDashboardLinksAnOrdersLogLinesToItsTracesInTempo() throws IOException {
        JsonNode dashboard = HttpJson.parse(Files.readString(SAGA_FAILURES));
        assertThat(dashboard.path("templating").path("list")).anySatisfy(variable ->
                assertThat(variable.path("name").asString()).isEqualTo("orderId"));
        String traceQl = "{ " + ORDER_ID_ATTRIBUTE + " =~ \"$orderId\" }";

        List<JsonNode> orderLogPanels = new ArrayList<>();
        List<JsonNode> tempoTargets = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            panel.path("targets").forEach(target -> {
                if ("tempo".equals(target.path("datasource").path("type").asString())) {
                    tempoTargets.add(target);
                }
                if ("loki".equals(target.path("datasource").path("type").asString())
                        && target.path("expr").asString().contains("orderId=~\"$orderId\"")) {
                    orderLogPanels.add(panel);
                }
            });
        }

        assertThat(tempoTargets).as("a panel of the order's traces").isNotEmpty().allSatisfy(target -> {
            assertThat(target.path("datasource").path("uid").asString()).isEqualTo(uid("tempo"));
            assertThat(target.path("query").asString()).isEqualTo(traceQl);
        });
        assertThat(orderLogPanels).as("panels of one order's log lines").isNotEmpty().allSatisfy(panel -> {
            JsonNode link = panel.path("links").path(0);
            assertThat(link.path("title").asString()).contains("Tempo");
            String url = link.path("url").asString();
            assertThat(url).startsWith("/explore?");
            Matcher panes = Pattern.compile("[?&]panes=([^&]+)").matcher(url);
            assertThat(panes.find()).as("Explore panes in %s", url).isTrue();
            JsonNode pane = HttpJson.parse(URLDecoder.decode(panes.group(1), StandardCharsets.UTF_8)).properties()
                    .iterator().next().getValue();
            assertThat(pane.path("datasource").asString()).isEqualTo(uid("tempo"));
            assertThat(pane.path("queries").path(0).path("datasource").path("uid").asString()).isEqualTo(uid("tempo"));
            assertThat(pane.path("queries").path(0).path("query").asString()).isEqualTo(traceQl.replace("$orderId", "${orderId}"));
        });
    }

    /** One JSON log line as the services write it: their LogstashEncoder, with the logging context of a handled message. */
    private static String logLine(Map<String, String> context) {
        LoggerContext loggers = (LoggerContext) LoggerFactory.getILoggerFactory();
        LogstashEncoder encoder = new LogstashEncoder();
        encoder.setContext(loggers);
        encoder.start();
        try {
            LoggingEvent event = new LoggingEvent(GrafanaProvisioningTest.class.getName(),
                    loggers.getLogger("io.baedal.saga.OrderSaga"), Level.WARN, "saga failure", null, null);
            event.setMDCPropertyMap(context);
            return new String(encoder.encode(event), StandardCharsets.UTF_8);
        } finally {
            encoder.stop();
        }
    }

    /** What Grafana finds with a derived field's pattern in a log line (its first group), or null. */
    private static String valueFor(Map<String, Object> derivedField, String line) {
        assertThat(derivedField.get("matcherType")).isEqualTo("regex");
        Matcher matcher = Pattern.compile(String.valueOf(derivedField.get("matcherRegex"))).matcher(line);
        return matcher.find() ? matcher.group(1) : null;
    }

    private static Map<String, Object> derivedField(String name) throws IOException {
        return list(map(datasource("loki").get("jsonData")).get("derivedFields")).stream()
                .map(GrafanaProvisioningTest::map)
                .filter(field -> name.equals(field.get("name")))
                .findFirst().orElseThrow(() -> new AssertionError("Loki's derived field " + name));
    }

    private static String uid(String type) throws IOException {
        return String.valueOf(datasource(type).get("uid"));
    }

    /** The one provisioned data source of a type, as Grafana reads it ($$ is a literal $). */
    private static Map<String, Object> datasource(String type) throws IOException {
        List<Map<String, Object>> sources = list(yaml(Files.readString(DATASOURCES).replace("$$", "$")).get("datasources"))
                .stream().map(GrafanaProvisioningTest::map)
                .filter(source -> type.equals(source.get("type")))
                .toList();
        assertThat(sources).as("data sources of type %s", type).hasSize(1);
        return sources.get(0);
    }

    private static Map<String, Object> yaml(String text) throws IOException {
        try (Reader reader = new StringReader(text)) {
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
}
