package io.baedal.query.admin;

import io.baedal.platform.faults.FaultBroadcast;
import io.baedal.platform.faults.FaultSwitches;
import io.baedal.platform.faults.Faults;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The fault switches, for demos and tests (admin only, like all of {@code /api/admin}): {@code GET}
 * shows this instance's, {@code PUT} replaces them in every instance of every service, {@code DELETE}
 * turns them all off everywhere. The answer to a change names the instances that took it. A body
 * that is not valid changes nothing.
 */
@RestController
@RequestMapping("/api/admin/faults")
@Tag(name = "Admin")
class FaultAdminController {

    private final String instance = ManagementFactory.getRuntimeMXBean().getName();
    private final Faults faults;
    private final FaultBroadcast broadcast;

    FaultAdminController(Faults faults, FaultBroadcast broadcast) {
        this.faults = faults;
        this.broadcast = broadcast;
    }

    @Operation(summary = "This instance's fault switches")
    @GetMapping
    FaultSettings current() {
        return FaultSettings.of(faults.current(), List.of(instance));
    }

    @Operation(summary = "Replace the fault switches in every instance", description = "A body that is not "
            + "valid (400 VALIDATION_FAILED) changes nothing.")
    @PutMapping
    FaultSettings replace(@RequestBody JsonNode body) {
        FaultSwitches switches = FaultSettings.parse(body);
        return FaultSettings.of(switches, broadcast.setEverywhere(switches));
    }

    @Operation(summary = "Turn every fault switch off everywhere")
    @DeleteMapping
    FaultSettings allOff() {
        return FaultSettings.of(FaultSwitches.none(), broadcast.setEverywhere(FaultSwitches.none()));
    }
}
