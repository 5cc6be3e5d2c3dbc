package io.baedal.platform.faults;

import java.util.Set;
import java.util.TreeSet;

/** Published in the instance (a Spring application event) whenever its {@link Faults} are replaced. */
public record FaultsChanged(FaultSwitches previous, FaultSwitches current) {

    /** Orders whose views failed before and no longer do: their dead letters can be retried now. */
    public Set<String> viewsHealed() {
        Set<String> healed = new TreeSet<>(previous.failingViewOrders());
        healed.removeAll(current.failingViewOrders());
        return healed;
    }
}
