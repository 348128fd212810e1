package dev.wharf.storage.coord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LeaseHolderTest {
    @Test
    void keepsReplicaAndAddress() {
        LeaseHolder holder = new LeaseHolder("wharf-7f9c", "http://10.0.0.5:8081");

        assertThat(holder.replica()).isEqualTo("wharf-7f9c");
        assertThat(holder.address()).isEqualTo("http://10.0.0.5:8081");
    }

    @Test
    void rejectsEmptyPartsAndWhitespace() {
        assertThatThrownBy(() -> new LeaseHolder("", "http://10.0.0.5:8081"))
                .hasMessage("replica: \"\" (expected: not empty, no whitespace)");
        assertThatThrownBy(() -> new LeaseHolder("wharf-1", "http://10.0.0.5:8081 extra"))
                .hasMessage("address: \"http://10.0.0.5:8081 extra\" (expected: not empty, no whitespace)");
        assertThatThrownBy(() -> new LeaseHolder(null, "x")).isInstanceOf(NullPointerException.class);
    }
}
