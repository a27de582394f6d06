package io.eventrouter.app.viewer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 16 item 9: who may see the viewer's event data (the end-to-end test is {@code Item9ViewerCredentialsTest}). */
class Item9ViewerAccessTest {

    @Test
    void item9_withoutMetricsAuthOnlyThisHostsClientsAreServed() {
        ViewerAccess access = new ViewerAccess(false, false);

        assertThat(access.allows("127.0.0.1")).isTrue();
        assertThat(access.allows("127.8.9.10")).isTrue();
        assertThat(access.allows("::1")).isTrue();
        assertThat(access.allows("[0:0:0:0:0:0:0:1]")).isTrue();
        assertThat(access.allows("::ffff:127.0.0.1")).isTrue();
        assertThat(access.allows("10.1.2.3")).isFalse();
        assertThat(access.allows("192.0.2.2")).isFalse();
        assertThat(access.allows("[fe80::1]")).isFalse();
        assertThat(access.allows("localhost")).as("names are never resolved").isFalse();
        assertThat(access.allows("")).isFalse();
        assertThat(access.allows(null)).isFalse();
    }

    @Test
    void item9_metricsAuthOrTheExplicitSettingServesEveryClient() {
        assertThat(new ViewerAccess(true, false).allows("10.1.2.3")).isTrue();
        assertThat(new ViewerAccess(false, true).allows("10.1.2.3")).isTrue();
    }
}
