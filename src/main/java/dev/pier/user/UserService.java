package dev.pier.user;

import dev.pier.audit.AuditAction;
import dev.pier.audit.AuditLog;
import dev.pier.base.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creates and administers console users. Every change that reduces access publishes {@link UserAccessChanged}. */
@Service
@Transactional
public class UserService {

    private final AuditLog audit;

    public static final int MIN_PASSWORD_LENGTH = 12;
    public static final int MIN_DISTINCT_CHARACTERS = 5;
    /** The password rule as the forms state it. */
    public static final String PASSWORD_RULE =
            "At least " + MIN_PASSWORD_LENGTH + " characters, " + MIN_DISTINCT_CHARACTERS + " of them different";
    // BCrypt reads at most 72 bytes; a longer password would be silently truncated, so refuse it.
    public static final int MAX_PASSWORD_BYTES = 72;
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{2,63}");

    private final UserRepository users;
    private final PasswordEncoder passwords;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    UserService(
            UserRepository users,
            PasswordEncoder passwords,
            Clock clock,
            ApplicationEventPublisher events,
            AuditLog audit) {
        this.audit = audit;
        this.users = users;
        this.passwords = passwords;
        this.clock = clock;
        this.events = events;
    }

    @PreAuthorize("hasRole('ADMIN')")
    @Transactional(readOnly = true)
    public Slice<UserSummary> list(String filter, Pageable page) {
        String fragment = filter == null ? "" : filter.trim().toLowerCase(Locale.ROOT);
        return users.findByUsernameContainingOrderByUsername(fragment, page).map(User::summary);
    }

    @PreAuthorize("hasRole('ADMIN')")
    public UserSummary create(String username, String password, Role role) {
        String name = normalizeUsername(username);
        validatePassword("password", password);
        if (role == null) {
            throw new InvalidInputException("role", "Choose a role: ADMIN or USER.");
        }
        if (users.existsByUsername(name)) {
            throw new InvalidInputException("username", "The username '" + name + "' is taken; choose another.");
        }
        UserSummary created = users.save(new User(name, passwords.encode(password), role, clock.instant()))
                .summary();
        audit.record(AuditAction.USER_CREATED, "user " + created.username(), "role " + role);
        return created;
    }

    @PreAuthorize("hasRole('ADMIN')")
    public UserSummary setEnabled(long id, boolean enabled) {
        User user = load(id);
        if (!enabled) {
            refuseSelf(user, "disable");
            refuseLastAdmin(user, "disable");
        }
        user.setEnabled(enabled);
        audit.record(enabled ? AuditAction.USER_ENABLED : AuditAction.USER_DISABLED, "user " + user.getUsername(), "");
        if (!enabled) {
            events.publishEvent(new UserAccessChanged(id, user.getUsername(), UserAccessChanged.Reason.DISABLED));
        }
        return user.summary();
    }

    @PreAuthorize("hasRole('ADMIN')")
    public void resetPassword(long id, String newPassword) {
        validatePassword("password", newPassword);
        User user = load(id);
        user.setPasswordHash(passwords.encode(newPassword));
        audit.record(AuditAction.USER_PASSWORD_RESET, "user " + user.getUsername(), "");
        events.publishEvent(new UserAccessChanged(id, user.getUsername(), UserAccessChanged.Reason.PASSWORD_RESET));
    }

    @PreAuthorize("hasRole('ADMIN')")
    public UserSummary changeRole(long id, Role role) {
        if (role == null) {
            throw new InvalidInputException("role", "Choose a role: ADMIN or USER.");
        }
        User user = load(id);
        if (user.getRole() == role) {
            return user.summary();
        }
        if (role != Role.ADMIN) {
            refuseSelf(user, "demote");
            refuseLastAdmin(user, "demote");
        }
        audit.record(AuditAction.USER_ROLE_CHANGED, "user " + user.getUsername(), user.getRole() + " → " + role);
        user.setRole(role);
        events.publishEvent(new UserAccessChanged(id, user.getUsername(), UserAccessChanged.Reason.ROLE_CHANGED));
        return user.summary();
    }

    /** Login data for authentication; usernames are matched case-insensitively. */
    @Transactional(readOnly = true)
    public Optional<UserCredentials> credentials(String username) {
        if (username == null) {
            return Optional.empty();
        }
        return users.findByUsername(username.trim().toLowerCase(Locale.ROOT))
                .map(u -> new UserCredentials(
                        u.getId(), u.getUsername(), u.getPasswordHash(), u.getRole(), u.isEnabled()));
    }

    @Transactional(readOnly = true)
    public Optional<UserSummary> find(long id) {
        return users.findById(id).map(User::summary);
    }

    /** The usernames of these users, by id. */
    @Transactional(readOnly = true)
    public Map<Long, String> usernames(Collection<Long> ids) {
        Map<Long, String> names = new HashMap<>();
        users.findAllById(ids).forEach(u -> names.put(u.getId(), u.getUsername()));
        return names;
    }

    /** Creates the first administrator when there is no user at all; returns whether it did. */
    boolean createFirstAdminIfNone(String username, String password) {
        if (users.count() > 0) {
            return false;
        }
        validatePassword("PIER_ADMIN_PASSWORD", password);
        users.save(new User(normalizeUsername(username), passwords.encode(password), Role.ADMIN, clock.instant()));
        return true;
    }

    private User load(long id) {
        return users.findById(id)
                .orElseThrow(() -> new InvalidInputException("id", "There is no user with id " + id + "."));
    }

    private static void refuseSelf(User user, String verb) {
        var auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && user.getUsername().equals(auth.getName())) {
            throw new InvalidInputException(
                    "user", "You cannot " + verb + " your own account; ask another administrator.");
        }
    }

    private void refuseLastAdmin(User user, String verb) {
        if (user.getRole() == Role.ADMIN && user.isEnabled() && users.countByRoleAndEnabledTrue(Role.ADMIN) <= 1) {
            throw new InvalidInputException(
                    "user", "You cannot " + verb + " the last enabled administrator; make another user ADMIN first.");
        }
    }

    static String normalizeUsername(String username) {
        String name = username == null ? "" : username.trim().toLowerCase(Locale.ROOT);
        if (!USERNAME.matcher(name).matches()) {
            throw new InvalidInputException(
                    "username",
                    "Use 3 to 64 characters: letters, digits, '.', '_' or '-', starting with a letter or digit.");
        }
        return name;
    }

    static void validatePassword(String field, String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            throw new InvalidInputException(field, "Use at least " + MIN_PASSWORD_LENGTH + " characters.");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw new InvalidInputException(
                    field, "Use at most " + MAX_PASSWORD_BYTES + " bytes (BCrypt ignores the rest).");
        }
        // Twelve spaces, or one key held down, is no password: ask for some variety (and say so in the forms).
        if (password.isBlank() || password.codePoints().distinct().count() < MIN_DISTINCT_CHARACTERS) {
            throw new InvalidInputException(
                    field, "Use at least " + MIN_DISTINCT_CHARACTERS + " different characters, " + "not only spaces.");
        }
    }
}
