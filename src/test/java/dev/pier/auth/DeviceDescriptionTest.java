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

    @Test
    void phones_are_named_as_their_owners_call_them() {
        assertThat(DeviceDescription.describe(
                        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                                + "Version/17.5 Mobile/15E148 Safari/604.1"))
                .isEqualTo("Safari on iPhone");
        assertThat(DeviceDescription.describe(
                        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                                + "CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1"))
                .isEqualTo("Chrome on iPhone");
        assertThat(DeviceDescription.describe(
                        "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                                + "Version/17.5 Mobile/15E148 Safari/604.1"))
                .isEqualTo("Safari on iPad");
        assertThat(DeviceDescription.describe(
                        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
                                + "Chrome/126.0.0.0 Mobile Safari/537.36"))
                .isEqualTo("Chrome on Android");
        assertThat(DeviceDescription.describe(
                        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 "
                                + "Safari/537.36"))
                .isEqualTo("Chrome on Linux");
        assertThat(DeviceDescription.describe(
                        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                                + "Chrome/126.0.0.0 Safari/537.36 OPR/111.0.0.0"))
                .isEqualTo("Opera on Windows");
    }

    @Test
    void loopback_is_this_computer_and_other_addresses_stay_as_they_are() {
        assertThat(DeviceDescription.place("127.0.0.1")).isEqualTo("this computer");
        assertThat(DeviceDescription.place("::1")).isEqualTo("this computer");
        assertThat(DeviceDescription.place("0:0:0:0:0:0:0:1")).isEqualTo("this computer");
        assertThat(DeviceDescription.place("::ffff:127.0.0.1")).isEqualTo("this computer");
        assertThat(DeviceDescription.place("10.0.0.7")).isEqualTo("10.0.0.7");
        assertThat(DeviceDescription.place("2001:db8::1")).isEqualTo("2001:db8::1");
    }

    @Test
    void sessions_recorded_with_a_loopback_address_read_as_new_ones() {
        assertThat(DeviceDescription.readable("Firefox on Linux from 0:0:0:0:0:0:0:1"))
                .isEqualTo("Firefox on Linux from this computer");
        assertThat(DeviceDescription.readable("curl from 127.0.0.1")).isEqualTo("curl from this computer");
        assertThat(DeviceDescription.readable("curl from 10.0.0.2")).isEqualTo("curl from 10.0.0.2");
        assertThat(DeviceDescription.readable("someone else's script")).isEqualTo("someone else's script");
    }
}
