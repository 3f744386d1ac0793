package dev.pier.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeviceDescriptionTest {

    @Test
    void common_clients_get_a_readable_name() {
        assertThat(DeviceDescription.describe("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"))
                .isEqualTo("Firefox on Linux");
        assertThat(DeviceDescription.describe(
                        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                                + "Chrome/126.0 Safari/537.36 Edg/126.0"))
                .isEqualTo("Edge on Windows");
        assertThat(DeviceDescription.describe(
                        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Version/17.5 "
                                + "Safari/605.1.15"))
                .isEqualTo("Safari on macOS");
        assertThat(DeviceDescription.describe("curl/8.5.0")).isEqualTo("curl");
        assertThat(DeviceDescription.describe(null)).isEqualTo("Unknown client");
        assertThat(DeviceDescription.describe("pier-agent/1.0")).isEqualTo("pier-agent");
    }
}
