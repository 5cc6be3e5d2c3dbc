package io.baedal.platform.faults;

import io.baedal.platform.logging.LogFields;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;

/**
 * The fault switches of this instance: what {@code baedal.faults.*} says at start-up, then what the
 * admin API last set ({@link FaultBroadcast}). Read on every payment call, command and view event,
 * so reading is one volatile load.
 */
public class Faults {

    private static final Logger log = LoggerFactory.getLogger(Faults.class);

    private final AtomicReference<FaultSwitches> current;
    private final ApplicationEventPublisher events;

    public Faults(FaultSwitches initial, ApplicationEventPublisher events) {
        this.current = new AtomicReference<>(initial == null ? FaultSwitches.none() : initial);
        this.events = events;
        if (current.get().on()) {
            log.atWarn().addKeyValue(LogFields.EVENT, "faults_on").addKeyValue("faults", current.get().toString())
                    .log("Started with faults switched on: {}", current.get());
        }
    }

    public FaultSwitches current() {
        return current.get();
    }

    /** Replaces every switch of this instance; the switches it had before. A change is logged and published. */
    public FaultSwitches replace(FaultSwitches next) {
        FaultSwitches switches = next == null ? FaultSwitches.none() : next;
        FaultSwitches previous = current.getAndSet(switches);
        if (previous.equals(switches)) {
            return previous;
        }
        log.atWarn().addKeyValue(LogFields.EVENT, switches.on() ? "faults_on" : "faults_off")
                .addKeyValue("faults", switches.toString())
                .log(switches.on() ? "Faults switched on: {}" : "Faults switched off (were {})",
                        switches.on() ? switches : previous);
        events.publishEvent(new FaultsChanged(previous, switches));
        return previous;
    }
}
