package io.eventrouter.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AddressesTest {

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0:8080", "127.0.0.1:0", "[::]:8082", "[::1]:9000"})
    void acceptsIpAndPort(String address) {
        assertThatCode(() -> Addresses.parseBindAddress(address)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc:0", "localhost:8080", "http://0.0.0.0:8080", ":8080", "0.0.0.0:", "0.0.0.0:99999",
            "0.0.0.0", "::1:80", "1.2.3:80", "0.0.0.0:http"})
    void refusesAnythingElse(String address) {
        assertThatThrownBy(() -> Addresses.parseBindAddress(address)).isInstanceOf(IllegalArgumentException.class);
    }
}
