package dev.pier.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.base.InvalidInputException;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class CosmosAddressTest {

    private static final String AKASH_KEY = "02cbfdb5e472893322294e60cf0883d43df431e1089d29ecb447a9e6d55045aae5";
    private static final String AKASH_ADDRESS = "akash1mry47pkga5tdswtluy0m8teslpalkdq0n6af90";

    @Test
    void akash_address_matches_the_wallet_core_vector() {
        byte[] key = HexFormat.of().parseHex(AKASH_KEY);

        assertThat(CosmosAddress.fromPublicKey(key, "akash").value()).isEqualTo(AKASH_ADDRESS);
    }

    @Test
    void cosmos_address_matches_the_cosmjs_vector() {
        byte[] key = Base64.getDecoder().decode("AtQaCqFnshaZQp6rIkvAPyzThvCvXSDO+9AzbxVErqJP");

        assertThat(CosmosAddress.fromPublicKey(key, "cosmos").value())
                .isEqualTo("cosmos1h806c7khnvmjlywdrkdgk2vrayy2mmvf9rxk2r");
    }

    @Test
    void parsing_returns_the_prefix_and_the_twenty_bytes_that_encode_back_to_the_same_address() {
        CosmosAddress derived = CosmosAddress.fromPublicKey(HexFormat.of().parseHex(AKASH_KEY), "akash");

        CosmosAddress parsed = CosmosAddress.parse(AKASH_ADDRESS);

        assertThat(parsed.prefix()).isEqualTo("akash");
        assertThat(parsed.bytes()).hasSize(20).isEqualTo(derived.bytes());
        assertThat(parsed).isEqualTo(derived);
        assertThat(CosmosAddress.of("akash", parsed.bytes()).value()).isEqualTo(AKASH_ADDRESS);
        assertThat(CosmosAddress.of("cosmos", parsed.bytes()).prefix()).isEqualTo("cosmos");
    }

    @Test
    void random_keys_round_trip_through_encode_and_parse() {
        for (int i = 0; i < 20; i++) {
            CosmosAddress address =
                    CosmosAddress.fromPublicKey(Secp256k1.compressedPublicKey(Secp256k1.generate()), "akash");

            assertThat(CosmosAddress.parse(address.value(), "akash")).isEqualTo(address);
        }
    }

    @Test
    void an_all_upper_case_address_is_accepted_and_normalised() {
        assertThat(CosmosAddress.parse(AKASH_ADDRESS.toUpperCase()).value()).isEqualTo(AKASH_ADDRESS);
    }

    @Test
    void every_single_mutated_character_is_rejected_naming_the_address_field() {
        String alphabet = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
        int dataStart = AKASH_ADDRESS.indexOf('1') + 1;
        for (int i = dataStart; i < AKASH_ADDRESS.length(); i++) {
            char original = AKASH_ADDRESS.charAt(i);
            char replacement = alphabet.charAt((alphabet.indexOf(original) + 1) % alphabet.length());
            String mutated = AKASH_ADDRESS.substring(0, i) + replacement + AKASH_ADDRESS.substring(i + 1);

            assertThatThrownBy(() -> CosmosAddress.parse(mutated))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("checksum")
                    .extracting(e -> ((InvalidInputException) e).field())
                    .isEqualTo("address");
        }
    }

    @Test
    void a_wrong_checksum_is_detected() {
        String wrongChecksum = AKASH_ADDRESS.substring(0, AKASH_ADDRESS.length() - 6) + "qqqqqq";

        assertThatThrownBy(() -> CosmosAddress.parse(wrongChecksum))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("checksum does not match");
    }

    @Test
    void a_changed_prefix_breaks_the_checksum() {
        assertThatThrownBy(() -> CosmosAddress.parse("cosmos" + AKASH_ADDRESS.substring(5)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("checksum");
    }

    @Test
    void malformed_addresses_say_what_is_wrong() {
        assertThat(fieldAndMessage("akash1MRY47pkga5tdswtluy0m8teslpalkdq0n6af90"))
                .contains("mixes upper and lower");
        assertThat(fieldAndMessage("akash1mry47pkga5tdswtluy0m8teslpalkdq0n6afb0"))
                .contains("'b'");
        assertThat(fieldAndMessage("mry47pkga5tdswtluy0m8teslpalkdq0n6af90")).contains("separator");
        assertThat(fieldAndMessage("akash1qqqq")).contains("too short");
        assertThat(fieldAndMessage(" ")).contains("required");
        assertThat(fieldAndMessage(null)).contains("required");
        assertThat(fieldAndMessage("a".repeat(91))).contains("at most 90");
    }

    @Test
    void an_address_of_the_wrong_length_or_chain_is_refused() {
        // A valid bech32 string holding 32 bytes (a module-style address), not an account address.
        String thirtyTwoBytes = Bech32.encode("akash", Bech32.convertBits(new byte[32], 8, 5, true));

        assertThat(fieldAndMessage(thirtyTwoBytes)).contains("holds 32 bytes");
        assertThatThrownBy(() -> CosmosAddress.parse(AKASH_ADDRESS, "cosmos"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("start with 'cosmos'");
    }

    @Test
    void bad_public_keys_and_prefixes_are_refused() {
        assertThatThrownBy(() -> CosmosAddress.fromPublicKey(new byte[32], "akash"))
                .isInstanceOf(InvalidInputException.class)
                .extracting(e -> ((InvalidInputException) e).field())
                .isEqualTo("publicKey");
        byte[] key = HexFormat.of().parseHex(AKASH_KEY);
        assertThatThrownBy(() -> CosmosAddress.fromPublicKey(key, "Akash"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lower-case");
        assertThatThrownBy(() -> CosmosAddress.fromPublicKey(key, "")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bech32_accepts_the_bip173_valid_vectors() {
        for (String valid : new String[] {
            "A12UEL5L",
            "a12uel5l",
            "an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs",
            "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
            "11" + "q".repeat(82) + "c8247j",
            "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w"
        }) {
            Bech32.Decoded decoded = Bech32.decode(valid);

            assertThat(Bech32.encode(decoded.hrp(), decoded.data())).isEqualTo(valid.toLowerCase());
        }
    }

    @Test
    void bech32_rejects_the_bip173_invalid_vectors() {
        for (String invalid : new String[] {
            (char) 0x20 + "1nwldj5",
            (char) 0x7f + "1axkwrx",
            "an84characterslonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1569pvx",
            "pzry9x0s0muk",
            "1pzry9x0s0muk",
            "x1b4n0q5v",
            "li1dgmt3",
            "de1lg7wt" + (char) 0xff,
            "A1G7SGD8",
            "10a06t8",
            "1qzzfhee"
        }) {
            assertThatThrownBy(() -> Bech32.decode(invalid)).as(invalid).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static String fieldAndMessage(String address) {
        try {
            CosmosAddress.parse(address);
        } catch (InvalidInputException e) {
            assertThat(e.field()).isEqualTo("address");
            return e.getMessage();
        }
        throw new AssertionError("accepted " + address);
    }
}
