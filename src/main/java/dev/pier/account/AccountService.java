package dev.pier.account;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.ECKey;
import dev.pier.audit.AuditAction;
import dev.pier.audit.AuditLog;
import dev.pier.base.InvalidInputException;
import dev.pier.shared.CosmosAddress;
import dev.pier.shared.Secp256k1;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Accounts and their keys: creation (generated or imported key), rotation, the default account of a user, the key
 * registry providers verify tokens with, and the decrypted signing key for the credentials feature.
 */
@Service
@Transactional
public class AccountService {

    private final AuditLog audit;

    private final AccountRepository accounts;
    private final AccountKeyRepository keys;
    private final MasterKey masterKey;
    private final AccountProperties properties;
    private final Clock clock;

    private final TransactionTemplate ownTransaction;
    private final ApplicationEventPublisher events;

    AccountService(
            AccountRepository accounts,
            AccountKeyRepository keys,
            MasterKey masterKey,
            AccountProperties properties,
            Clock clock,
            PlatformTransactionManager transactions,
            ApplicationEventPublisher events,
            AuditLog audit) {
        this.audit = audit;
        this.events = events;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.accounts = accounts;
        this.keys = keys;
        this.masterKey = masterKey;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * The user's accounts, oldest first; a user who has none gets a first one, named "default". The first one is made
     * in a transaction of its own: parallel first requests of a new user race for it, and the loser reads the winner's
     * instead of failing on the unique name.
     */
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    public List<AccountSummary> accountsOf(long userId) {
        List<Account> owned = active(userId);
        if (owned.isEmpty()) {
            try {
                AccountSummary first = ownTransaction.execute(status -> create(userId, "default"));
                return List.of(Objects.requireNonNull(first));
            } catch (DataIntegrityViolationException | InvalidInputException raced) {
                return active(userId).stream().map(Account::summary).toList();
            }
        }
        return owned.stream().map(Account::summary).toList();
    }

    private List<Account> active(long userId) {
        return accounts.findByUserIdOrderByCreatedAt(userId).stream()
                .filter(a -> !a.isRetired())
                .toList();
    }

    /** Every account the user ever had, retired ones too: their deployments stay the user's to read. */
    @Transactional(readOnly = true)
    public List<Long> allAccountIdsOf(long userId) {
        return accounts.findByUserIdOrderByCreatedAt(userId).stream()
                .map(Account::getId)
                .toList();
    }

    /**
     * Retires an account: it signs nothing any more and its keys leave the key registry at once, so providers refuse
     * its tokens within seconds and end its open streams. The default account cannot be retired (choose another default
     * first), nor one with active deployments (close them first); its deployments' history stays.
     */
    public void retire(long userId, long accountId) {
        Account account = owned(userId, accountId);
        if (account.isDefault()) {
            throw new InvalidInputException(
                    "account",
                    "'" + account.summary().name() + "' is your default account; "
                            + "make another account the default before retiring it.");
        }
        events.publishEvent(
                new AccountRetiring(account.getId(), account.summary().name()));
        var now = clock.instant();
        keys.findByAccountIdOrderByIdDesc(account.getId()).forEach(k -> k.withdraw(now));
        account.retire(now);
        audit.record(
                AuditAction.ACCOUNT_RETIRED,
                "account " + account.summary().address(),
                "'" + account.summary().name() + "': its keys left the key registry");
    }

    /** Whose each of these accounts is (administrators' views of every deployment). */
    @Transactional(readOnly = true)
    public Map<Long, AccountOwner> owners(Collection<Long> accountIds) {
        Map<Long, AccountOwner> owners = new HashMap<>();
        accounts.findAllById(accountIds)
                .forEach(a -> owners.put(
                        a.getId(),
                        new AccountOwner(
                                a.getId(),
                                a.getUserId(),
                                a.summary().name(),
                                a.summary().address())));
        return owners;
    }

    /** The account new browser tabs and the API use unless told otherwise. */
    public AccountSummary defaultAccountOf(long userId) {
        List<AccountSummary> owned = accountsOf(userId);
        return owned.stream().filter(AccountSummary::isDefault).findFirst().orElse(owned.get(0));
    }

    @Transactional(readOnly = true)
    public Optional<AccountSummary> find(long userId, String address) {
        return accounts.findByAddress(address == null ? "" : address.trim())
                .filter(a -> a.getUserId() == userId && !a.isRetired())
                .map(Account::summary);
    }

    @Transactional(readOnly = true)
    public Optional<AccountSummary> find(long userId, long accountId) {
        return accounts.findById(accountId)
                .filter(a -> a.getUserId() == userId && !a.isRetired())
                .map(Account::summary);
    }

    /** A new account with a freshly generated key. */
    /** The address of any account (for an administrator acting on another user's deployment). */
    public String addressOf(long accountId) {
        return accounts.findById(accountId)
                .map(Account::getAddress)
                .orElseThrow(() -> new InvalidInputException("account", "There is no account " + accountId + "."));
    }

    public AccountSummary create(long userId, String name) {
        return createWith(userId, unusedName(userId, validName(name)), Secp256k1.material(Secp256k1.generate()));
    }

    /** Names tell a user's accounts apart (the account switcher, the deployments list), so each is used once. */
    private String unusedName(long userId, String name) {
        boolean taken = accounts.findByUserIdOrderByCreatedAt(userId).stream()
                .anyMatch(a -> a.summary().name().equalsIgnoreCase(name));
        if (taken) {
            throw new InvalidInputException(
                    "name", "You have an account named '" + name + "' already; choose another name.");
        }
        return name;
    }

    /** A new account from an existing secp256k1 private key (64 hex characters). */
    public AccountSummary importKey(long userId, String name, String privateKeyHex) {
        String validName = unusedName(userId, validName(name));
        Secp256k1.KeyMaterial material = Secp256k1.material(Secp256k1.importPrivateKey(privateKeyHex));
        String address = CosmosAddress.fromPublicKey(material.compressedPublicKey(), properties.addressPrefix())
                .value();
        if (accounts.existsByAddress(address)) {
            throw new InvalidInputException(
                    "privateKey", "This key belongs to " + address + ", which is already an account here.");
        }
        return createWith(userId, validName, material);
    }

    /** Generates a new signing key; the old one stops signing now and stays published for the token lifetime. */
    public AccountKeyInfo rotateKey(long userId, long accountId) {
        Account account = owned(userId, accountId);
        var now = clock.instant();
        keys.findByAccountIdOrderByIdDesc(account.getId()).stream()
                .filter(AccountKey::isActive)
                .forEach(k -> k.retire(now, now.plus(properties.retiredKeyGrace())));
        AccountKeyInfo rotated = storeKey(account.getId(), Secp256k1.material(Secp256k1.generate()))
                .info();
        audit.record(
                AuditAction.KEY_ROTATED,
                "account " + account.summary().address(),
                "new key " + rotated.kid() + "; the old one stays published for " + properties.retiredKeyGrace());
        events.publishEvent(new AccountKeyRotated(account.getId()));
        return rotated;
    }

    public void makeDefault(long userId, long accountId) {
        Account chosen = owned(userId, accountId);
        accounts.findByUserIdOrderByCreatedAt(userId).forEach(a -> a.setDefault(a == chosen));
    }

    @Transactional(readOnly = true)
    public List<AccountKeyInfo> keysOf(long userId, long accountId) {
        Account account = owned(userId, accountId);
        return keys.findByAccountIdOrderByIdDesc(account.getId()).stream()
                .map(AccountKey::info)
                .toList();
    }

    /** The decrypted key the account signs with now. Only the credentials feature calls this. */
    @Transactional(readOnly = true)
    public SigningKey signingKey(long accountId) {
        Account account = accounts.findById(accountId)
                .orElseThrow(() -> new IllegalStateException("There is no account with id " + accountId));
        AccountKey key = keys.findFirstByAccountIdAndRetiredAtIsNullOrderByIdDesc(accountId)
                .orElseThrow(() -> new IllegalStateException("Account " + account.getAddress() + " has no active key"));
        return new SigningKey(accountId, account.getAddress(), Secp256k1.jwk(decrypt(key), key.getKid()));
    }

    /** Every key providers may need: active keys, and retired ones until their tokens have expired. */
    @Transactional(readOnly = true)
    public List<PublishedKey> publishedKeys() {
        var owners = new HashMap<Long, Account>();
        return keys.findPublished(clock.instant()).stream()
                .map(k -> {
                    Account account = owners.computeIfAbsent(
                            k.getAccountId(), id -> accounts.findById(id).orElseThrow());
                    return new PublishedKey(
                            account.getAddress(),
                            account.getUserId(),
                            Secp256k1.publicJwk(HexFormat.of().parseHex(k.getPublicKey()), k.getKid()));
                })
                .toList();
    }

    /**
     * Decrypts every active key once, so a wrong master key or a tampered key stops start-up with a clear message
     * instead of failing later at the first provider call. Nothing is changed either way.
     */
    @Transactional(readOnly = true)
    public int verifyKeysReadable() {
        List<AccountKey> active = keys.findByRetiredAtIsNull();
        active.forEach(this::decrypt);
        return active.size();
    }

    private AccountSummary createWith(long userId, String name, Secp256k1.KeyMaterial material) {
        String address = CosmosAddress.fromPublicKey(material.compressedPublicKey(), properties.addressPrefix())
                .value();
        boolean first = accounts.findByUserIdOrderByCreatedAt(userId).isEmpty();
        Account account = accounts.save(new Account(userId, name, address, first, now()));
        storeKey(account.getId(), material);
        return account.summary();
    }

    private AccountKey storeKey(long accountId, Secp256k1.KeyMaterial material) {
        String kid = kidOf(material);
        byte[] ciphertext = masterKey.encrypt(material.privateKey(), associatedData(kid));
        return keys.save(new AccountKey(
                accountId,
                kid,
                HexFormat.of().formatHex(material.compressedPublicKey()),
                Base64.getEncoder().encodeToString(ciphertext),
                clock.instant()));
    }

    private KeyPair decrypt(AccountKey key) {
        byte[] privateKey = masterKey.decrypt(
                Base64.getDecoder().decode(key.getPrivateKeyCiphertext()), associatedData(key.getKid()));
        return Secp256k1.importPrivateKey(privateKey);
    }

    /** Binding the ciphertext to its kid means a ciphertext copied onto another key row does not decrypt. */
    private static String associatedData(String kid) {
        return "account-key:" + kid;
    }

    private static String kidOf(Secp256k1.KeyMaterial material) {
        try {
            // RFC 7638 thumbprints cover only kty, crv, x and y, so the placeholder kid does not affect the result.
            ECKey jwk = Secp256k1.publicJwk(material.compressedPublicKey(), "pending");
            return jwk.computeThumbprint().toString();
        } catch (JOSEException e) {
            throw new IllegalStateException("Could not compute the key id", e);
        }
    }

    /** Microseconds, as the database keeps them, so a summary made now equals the same row read back later. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private Account owned(long userId, long accountId) {
        return accounts.findById(accountId)
                .filter(a -> a.getUserId() == userId && !a.isRetired())
                .orElseThrow(
                        () -> new InvalidInputException("account", "You have no account with id " + accountId + "."));
    }

    private static String validName(String name) {
        String trimmed = name == null ? "" : name.trim();
        if (trimmed.isEmpty() || trimmed.length() > 64) {
            throw new InvalidInputException("name", "Give the account a name of 1 to 64 characters.");
        }
        return trimmed;
    }
}
