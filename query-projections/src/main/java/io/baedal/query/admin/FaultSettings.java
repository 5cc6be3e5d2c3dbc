package io.baedal.query.admin;

import io.baedal.coreapi.error.DomainException;
import io.baedal.coreapi.error.ErrorCode;
import io.baedal.platform.faults.FaultSwitches;
import io.baedal.platform.faults.FaultSwitches.PaymentFaults;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.convert.DurationStyle;
import tools.jackson.databind.JsonNode;

/**
 * The fault switches as the admin API shows and takes them. Read field by field, so that a typo
 * ({@code "failurerate"}) or a participant that does not exist is refused rather than quietly
 * leaving a switch off. Durations are ISO-8601 ({@code PT1.5S}) or Spring's short form ({@code 1500ms}).
 */
record FaultSettings(Payment payment, Map<String, String> commandDelays, List<String> failingViewOrders,
                     List<String> instances) {

    /** The participants whose command handling can be delayed: the contexts that handle commands. */
    static final Set<String> PARTICIPANTS = Set.of("order", "payment", "kitchen", "delivery");
    private static final Set<String> FIELDS = Set.of("payment", "commandDelays", "failingViewOrders", "instances");
    private static final Set<String> PAYMENT_FIELDS = Set.of("failureRate", "latency", "outage");

    record Payment(double failureRate, String latency, boolean outage) {
    }

    static FaultSettings of(FaultSwitches switches, List<String> instances) {
        PaymentFaults payment = switches.payment();
        Map<String, String> delays = new LinkedHashMap<>();
        switches.commandDelays().forEach((participant, delay) -> delays.put(participant, delay.toString()));
        return new FaultSettings(new Payment(payment.failureRate(), payment.latency().toString(), payment.outage()),
                delays, List.copyOf(switches.failingViewOrders()), instances);
    }

    /** The switches a request body asks for: what it leaves out is off. */
    static FaultSwitches parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw invalid("The body must be a JSON object with payment, commandDelays and failingViewOrders");
        }
        onlyKnownFields(body, FIELDS, "");
        PaymentFaults payment = payment(body.get("payment"));
        Map<String, Duration> delays = new LinkedHashMap<>();
        JsonNode delayNodes = body.get("commandDelays");
        if (delayNodes != null && !delayNodes.isNull()) {
            if (!delayNodes.isObject()) {
                throw invalid("commandDelays must be an object of participant to duration");
            }
            for (String participant : delayNodes.propertyNames()) {
                if (!PARTICIPANTS.contains(participant)) {
                    throw invalid("commandDelays." + participant + ": no such participant; one of "
                            + PARTICIPANTS.stream().sorted().toList());
                }
                delays.put(participant, duration("commandDelays." + participant, delayNodes.get(participant)));
            }
        }
        Set<String> orders = new LinkedHashSet<>();
        JsonNode orderNodes = body.get("failingViewOrders");
        if (orderNodes != null && !orderNodes.isNull()) {
            if (!orderNodes.isArray()) {
                throw invalid("failingViewOrders must be an array of order ids");
            }
            for (JsonNode order : orderNodes) {
                if (!order.isString()) {
                    throw invalid("failingViewOrders must hold order ids (strings), not " + order);
                }
                orders.add(order.asString());
            }
        }
        try {
            return new FaultSwitches(payment, delays, orders);
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
    }

    private static PaymentFaults payment(JsonNode node) {
        if (node == null || node.isNull()) {
            return PaymentFaults.NONE;
        }
        if (!node.isObject()) {
            throw invalid("payment must be an object with failureRate, latency and outage");
        }
        onlyKnownFields(node, PAYMENT_FIELDS, "payment.");
        double failureRate = 0;
        JsonNode rate = node.get("failureRate");
        if (rate != null && !rate.isNull()) {
            if (!rate.isNumber()) {
                throw invalid("payment.failureRate must be a number between 0 and 1");
            }
            failureRate = rate.asDouble();
        }
        JsonNode latency = node.get("latency");
        JsonNode outage = node.get("outage");
        if (outage != null && !outage.isNull() && !outage.isBoolean()) {
            throw invalid("payment.outage must be true or false");
        }
        try {
            return new PaymentFaults(failureRate,
                    latency == null || latency.isNull() ? Duration.ZERO : duration("payment.latency", latency),
                    outage != null && outage.asBoolean());
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
    }

    private static Duration duration(String field, JsonNode node) {
        if (!node.isString()) {
            throw invalid(field + " must be a duration such as \"PT2S\" or \"2s\"");
        }
        try {
            return DurationStyle.detectAndParse(node.asString());
        } catch (IllegalArgumentException e) {
            throw invalid(field + " must be a duration such as \"PT2S\" or \"2s\", not \"" + node.asString() + "\"");
        }
    }

    private static void onlyKnownFields(JsonNode node, Set<String> known, String prefix) {
        List<String> unknown = new ArrayList<>();
        for (String name : node.propertyNames()) {
            if (!known.contains(name)) {
                unknown.add(prefix + name);
            }
        }
        if (!unknown.isEmpty()) {
            throw invalid("Unknown field(s) " + unknown + "; known: "
                    + known.stream().map(name -> prefix + name).sorted().toList());
        }
    }

    private static DomainException invalid(String detail) {
        return new DomainException(ErrorCode.VALIDATION_FAILED, detail);
    }
}
