package dev.pier.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.base.InvalidInputException;
import dev.pier.shared.CosmosAddress;
import dev.pier.test.MutableClock;
import dev.pier.test.PierIntegrationTest;
import dev.pier.test.TestUsers;
import dev.pier.user.Role;
import dev.pier.user.UserSummary;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

@PierIntegrationTest
class AccountServiceTest {

    @Autowired
    PlatformTransactionManager transactionManager;

    /** Private key 1: its public key is the curve's generator point. */
    static final String PRIVATE_KEY_ONE = "0000000000000000000000000000000000000000000000000000000000000001";

    static final String GENERATOR_COMPRESSED = "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798";

    @Autowired
    AccountService accounts;

    @Autowired
    AccountRepository accountRepository;

    @Autowired
    AccountKeyRepository keyRepository;

    @Autowired
    AccountProperties properties;

    @Autowired
    MasterKey masterKey;

    @Autowired
    TestUsers testUsers;

    @Autowired
    dev.pier.audit.AuditLog audit;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcTemplate jdbc;

    UserSummary user;

    @BeforeEach
    void createUser() {
        user = testUsers.create("accounts", Role.USER);
    }

    @Test
    void a_user_gets_a_first_default_account_with_an_akash_address() {
        List<AccountSummary> owned = accounts.accountsOf(user.id());
        assertThat(owned).hasSize(1);
        AccountSummary first = owned.get(0);
        assertThat(first.name()).isEqualTo("default");
        assertThat(first.isDefault()).isTrue();
        assertThat(first.address()).startsWith("akash1").hasSize(44);
        assertThat(accounts.accountsOf(user.id())).hasSize(1);
    }

    @Test
    void a_second_account_becomes_default_only_when_chosen() {
        AccountSummary first = accounts.defaultAccountOf(user.id());
        AccountSummary second = accounts.create(user.id(), "staging");
        assertThat(accounts.defaultAccountOf(user.id()).id()).isEqualTo(first.id());

        accounts.makeDefault(user.id(), second.id());
        assertThat(accounts.defaultAccountOf(user.id()).id()).isEqualTo(second.id());
        assertThat(accounts.accountsOf(user.id()))
                .filteredOn(AccountSummary::isDefault)
                .hasSize(1);
    }

    @Test
    void an_imported_key_gives_the_address_of_its_public_key() {
        UserSummary importer = testUsers.create("importer", Role.USER);
        AccountSummary imported;
        try {
            imported = accounts.importKey(importer.id(), "imported", PRIVATE_KEY_ONE);
        } catch (InvalidInputException taken) {
            // Another run of this test in the same database imported it first.
            imported = accountRepository
                    .findByAddress(CosmosAddress.fromPublicKey(HexFormat.of().parseHex(GENERATOR_COMPRESSED), "akash")
                            .value())
                    .orElseThrow()
                    .summary();
        }
        assertThat(imported.address())
                .isEqualTo(CosmosAddress.fromPublicKey(HexFormat.of().parseHex(GENERATOR_COMPRESSED), "akash")
                        .value());
        assertThat(keyRepository
                        .findByAccountIdOrderByIdDesc(imported.id())
                        .get(0)
                        .getPublicKey())
                .isEqualTo(GENERATOR_COMPRESSED);

        long before = accountRepository.count();
        assertThatThrownBy(() -> accounts.importKey(user.id(), "again", PRIVATE_KEY_ONE))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("already an account");
        assertThat(accountRepository.count()).isEqualTo(before);
    }

    @Test
    void bad_input_names_the_field_and_creates_nothing() {
        accounts.defaultAccountOf(user.id());
        long before = accountRepository.count();
        assertThat(field(() -> accounts.importKey(user.id(), "x", "not hex"))).isEqualTo("privateKey");
        assertThat(field(() -> accounts.importKey(user.id(), "x", "00".repeat(32))))
                .isEqualTo("privateKey");
        assertThat(field(() -> accounts.importKey(user.id(), " ", PRIVATE_KEY_ONE)))
                .isEqualTo("name");
        assertThat(field(() -> accounts.create(user.id(), "n".repeat(65)))).isEqualTo("name");
        // Two accounts of one user may not share a name ("default" twice made them indistinguishable).
        assertThat(field(() -> accounts.create(user.id(), "DEFAULT"))).isEqualTo("name");
        assertThat(field(() -> accounts.importKey(user.id(), "default", PRIVATE_KEY_ONE)))
                .isEqualTo("name");
        assertThat(accountRepository.count()).isEqualTo(before);
    }

    private static String field(Runnable action) {
        try {
            action.run();
        } catch (InvalidInputException e) {
            return e.field();
        }
        throw new AssertionError("expected the input to be refused");
    }

    @Test
    void private_keys_are_only_stored_encrypted() {
        AccountSummary account = accounts.defaultAccountOf(user.id());
        SigningKey signing = accounts.signingKey(account.id());
        String privateHex = HexFormat.of().formatHex(signing.privateJwk().getD().decode());
        List<Map<String, Object>> rows =
                jdbc.queryForList("SELECT * FROM account_keys WHERE account_id = ?", account.id());
        assertThat(rows).hasSize(1);
        assertThat(rows.toString())
                .doesNotContainIgnoringCase(privateHex)
                .doesNotContain(
                        Base64.getEncoder().encodeToString(HexFormat.of().parseHex(privateHex)));
    }

    @Test
    void a_rotated_key_stops_signing_and_stays_published_until_its_tokens_expired() {
        AccountSummary account = accounts.defaultAccountOf(user.id());
        String oldKid = accounts.signingKey(account.id()).privateJwk().getKeyID();

        AccountKeyInfo fresh = accounts.rotateKey(user.id(), account.id());

        assertThat(accounts.signingKey(account.id()).privateJwk().getKeyID())
                .isEqualTo(fresh.kid())
                .isNotEqualTo(oldKid);
        assertThat(publishedKids()).contains(oldKid, fresh.kid());
        AccountKeyInfo retired = accounts.keysOf(user.id(), account.id()).stream()
                .filter(k -> k.kid().equals(oldKid))
                .findFirst()
                .orElseThrow();
        assertThat(retired.active()).isFalse();
        assertThat(Duration.between(retired.retiredAt(), retired.publishedUntil()))
                .isEqualTo(properties.retiredKeyGrace());

        clock.advance(properties.retiredKeyGrace().plusSeconds(1));
        assertThat(publishedKids()).contains(fresh.kid()).doesNotContain(oldKid);
        // Published keys carry no private part.
        assertThat(accounts.publishedKeys())
                .allSatisfy(k -> assertThat(k.publicJwk().isPrivate()).isFalse());
    }

    private List<String> publishedKids() {
        return accounts.publishedKeys().stream()
                .map(k -> k.publicJwk().getKeyID())
                .toList();
    }

    @Test
    void another_users_account_is_out_of_reach() {
        UserSummary other = testUsers.create("other", Role.USER);
        AccountSummary theirs = accounts.defaultAccountOf(other.id());
        assertThat(accounts.find(user.id(), theirs.address())).isEmpty();
        assertThatThrownBy(() -> accounts.rotateKey(user.id(), theirs.id())).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> accounts.makeDefault(user.id(), theirs.id()))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void a_wrong_master_key_is_a_clear_error_and_changes_nothing() {
        AccountSummary account = accounts.defaultAccountOf(user.id());
        List<Map<String, Object>> before = jdbc.queryForList("SELECT * FROM account_keys ORDER BY id");
        byte[] otherKey = new byte[32];
        otherKey[0] = 7;
        AccountService withWrongKey = new AccountService(
                accountRepository,
                keyRepository,
                MasterKey.load(Base64.getEncoder().encodeToString(otherKey), Path.of("unused")),
                properties,
                clock,
                transactionManager,
                event -> {},
                audit);

        assertThatThrownBy(withWrongKey::verifyKeysReadable)
                .isInstanceOf(MasterKeyMismatchException.class)
                .hasMessageContaining("master key");
        assertThatThrownBy(() -> withWrongKey.signingKey(account.id())).isInstanceOf(MasterKeyMismatchException.class);
        assertThat(jdbc.queryForList("SELECT * FROM account_keys ORDER BY id")).isEqualTo(before);
        assertThat(accounts.verifyKeysReadable()).isPositive();
    }

    @Test
    void a_tampered_private_key_is_a_clear_error_and_changes_nothing() {
        AccountSummary account = accounts.defaultAccountOf(user.id());
        String original = jdbc.queryForObject(
                "SELECT private_key_ciphertext FROM account_keys WHERE account_id = ?", String.class, account.id());
        byte[] bytes = Base64.getDecoder().decode(original);
        bytes[bytes.length - 1] ^= 1;
        jdbc.update(
                "UPDATE account_keys SET private_key_ciphertext = ? WHERE account_id = ?",
                Base64.getEncoder().encodeToString(bytes),
                account.id());
        try {
            assertThatThrownBy(() -> accounts.signingKey(account.id()))
                    .isInstanceOf(MasterKeyMismatchException.class)
                    .hasMessageContaining("tampered");
            assertThatThrownBy(accounts::verifyKeysReadable).isInstanceOf(MasterKeyMismatchException.class);
            assertThat(jdbc.queryForObject(
                            "SELECT private_key_ciphertext FROM account_keys WHERE account_id = ?",
                            String.class,
                            account.id()))
                    .isEqualTo(Base64.getEncoder().encodeToString(bytes));
        } finally {
            jdbc.update(
                    "UPDATE account_keys SET private_key_ciphertext = ? WHERE account_id = ?", original, account.id());
        }
    }

    @Test
    void the_startup_failure_says_what_to_do() {
        var analysis = new MasterKeyFailureAnalyzer()
                .analyze(new MasterKeyMismatchException("x", "Cannot decrypt the private key of x", null));
        assertThat(analysis.getDescription()).contains("Cannot decrypt");
        assertThat(analysis.getAction()).contains("PIER_MASTER_KEY").contains("has not changed");
    }
}
