package io.eventrouter.vsphere.vim25;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ThumbprintTest {

    private static final String UPPER = "6F:0A:2B:3C:4D:5E:6F:70:81:92:A3:B4:C5:D6:E7:F8:09:1A:2B:3C:4D:5E:6F:70:81:92:A3:B4:C5:D6:E7:F8";

    @Test
    void readsGovmomisFormInAnyCase() {
        assertThat(Thumbprint.parse(UPPER.toLowerCase())).isEqualTo(Thumbprint.parse(UPPER));
        assertThat(Thumbprint.parse(" " + UPPER.replace(":", "") + " ").toString()).isEqualTo(UPPER);
    }

    @Test
    void saysWhatIsWrong() {
        assertThatThrownBy(() -> Thumbprint.parse(UPPER.substring(0, 59))).hasMessageContaining("SHA-1");
        assertThatThrownBy(() -> Thumbprint.parse(UPPER.substring(0, 50))).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> Thumbprint.parse(UPPER.replace("6F:0A", "6F0A"))).hasMessageContaining("colons");
        assertThatThrownBy(() -> Thumbprint.parse(UPPER.replace("6F", "ZZ"))).hasMessageContaining("SHA-256");
    }
}
