package io.baedal.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.baedal.coreapi.order.OrderReason;
import io.baedal.saga.Step;
import io.baedal.standalone.support.HttpJson;
import io.baedal.standalone.support.RunningBaedal;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a fresh start, before any order, the series that dashboards and alerts read are already
 * exposed, at 0, for every known reason and step: a series that appears only with its first
 * increment reads as "no data", and {@code rate()} and {@code increase()} miss that first increment.
 */
class MetricsFromTheStartTest {

    @TempDir
    static Path dataDir;

    private static RunningBaedal baedal;
    /** Each sample of the exposition: the series (name and labels, as written) and its value. */
    private static Map<String, Double> samples;

    @BeforeAll
    static void startFresh() {
        baedal = RunningBaedal.start(dataDir);
        HttpJson.Response exposition = baedal.http().get("/actuator/prometheus");
        assertThat(exposition.status()).isEqualTo(200);
        samples = new HashMap<>();
        for (String line : exposition.body().split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                int space = line.lastIndexOf(' ');
                samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
        }
        assertThat(baedal.eventCount(null)).as("nothing has happened yet").isZero();
    }

    @AfterAll
    static void stop() {
        baedal.close();
    }

    @Test
    void orderOutcomesAreCountedFromZero() {
        assertZero("baedal_orders_placed_total");
        assertZero("baedal_orders_completed_total");
        assertZero("baedal_orders_cancelled_total");
        assertZero("baedal_orders_rejected_total{reason=\"PAYMENT_DECLINED\"}");
        assertZero("baedal_orders_rejected_total{reason=\"PAYMENT_UNAVAILABLE\"}");
        assertZero("baedal_orders_rejected_total{reason=\"RESTAURANT_REJECTED\"}");
        assertZero("baedal_orders_rejected_total{reason=\"ACCEPTANCE_TIMEOUT\"}");
        for (OrderReason reason : OrderReason.values()) {
            if (reason.isRejection()) {
                assertZero("baedal_orders_rejected_total{reason=\"" + reason + "\"}");
            }
        }
        for (String outcome : List.of("DELIVERED", "CANCELLED", "REJECTED")) {
            assertZero("baedal_order_duration_seconds_count{outcome=\"" + outcome + "\"}");
        }
    }

    @Test
    void everyTimedStepOfTheJourneyIsThereFromZero() {
        for (String step : List.of("payment", "acceptance", "cooking", "rider_claim", "delivery")) {
            assertZero("baedal_saga_step_duration_seconds_count{step=\"" + step + "\"}");
            assertZero("baedal_saga_step_duration_seconds_sum{step=\"" + step + "\"}");
        }
    }

    @Test
    void sagaFailuresRetriesCompensationsAndEscalationsAreCountedFromZero() {
        for (Step step : Step.values()) {
            assertZero("baedal_saga_failures_total{reason=\"RETRIES_EXHAUSTED\",step=\"" + step + "\"}");
            assertZero("baedal_saga_retries_total{reason=\"TECHNICAL\",step=\"" + step + "\"}");
        }
        assertZero("baedal_saga_compensations_total{reason=\"CUSTOMER_CANCELLED\",step=\"CANCEL_TICKET\"}");
        assertZero("baedal_saga_compensations_total{reason=\"CUSTOMER_CANCELLED\",step=\"REFUND\"}");
        assertZero("baedal_saga_compensations_total{reason=\"RESTAURANT_REJECTED\",step=\"REFUND\"}");
        assertZero("baedal_saga_compensations_total{reason=\"ACCEPTANCE_TIMEOUT\",step=\"REFUND\"}");
        assertZero("baedal_saga_compensations_total{reason=\"PAYMENT_DECLINED\",step=\"REJECT_ORDER\"}");
        assertZero("baedal_saga_compensations_total{reason=\"PAYMENT_UNAVAILABLE\",step=\"REJECT_ORDER\"}");
        assertZero("baedal_saga_escalations_total{reason=\"RIDER_CLAIM_TIMEOUT\",step=\"ESCALATE_DELIVERY\"}");
    }

    @Test
    void everyBaedalMetricOfADashboardOrAlertIsExposedBeforeTheFirstOrder() throws IOException {
        List<String> queries = new ArrayList<>(MonitoringTest.promQueries());
        queries.addAll(MonitoringTest.alertExpressions());
        List<String> metrics = queries.stream()
                .flatMap(query -> MonitoringTest.metricNames(query).stream())
                .filter(metric -> metric.startsWith("baedal_"))
                .distinct()
                .toList();
        assertThat(metrics).contains("baedal_orders_completed_total", "baedal_saga_failures_total");

        for (String metric : metrics) {
            assertThat(samples.keySet()).as(metric)
                    .anySatisfy(series -> assertThat(series).matches(metric + "(\\{.*})?"));
        }
    }

    private static void assertZero(String series) {
        assertThat(samples).as(series).containsEntry(series, 0.0);
    }
}
