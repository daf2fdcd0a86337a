package io.vigil.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.config.Settings;
import io.vigil.core.contract.Flow;
import io.vigil.core.contract.NetworkContract;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A listener whose default port or protocol differs from the network contract fails here. */
class ListenerContractTest {
    @Test
    void everyListenerDefaultsToItsContractPortAndProtocol() {
        Settings defaults = Settings.of(Map.of());
        NetworkContract contract = NetworkContract.standard();
        for (Sensor.Listener l : Sensor.LISTENERS) {
            Flow flow = contract.flows().stream().filter(f -> f.id().equals(l.flowId())).findFirst()
                    .orElseThrow(() -> new AssertionError("listener " + l.collector() + " has no flow " + l.flowId() + " in the contract"));
            assertThat(defaults.port(l.portKey())).as(l.collector() + " default port").isEqualTo(contract.port(l.flowId()));
            assertThat(flow.protocol().toString().toLowerCase(java.util.Locale.ROOT)).as(l.collector() + " protocol").isEqualTo(l.protocol());
            assertThat(flow.component().toString().toLowerCase(java.util.Locale.ROOT)).as(l.collector() + " opened by").isEqualTo("sensor");
        }
    }
}
