package dev.pier.account.ui;

import com.vaadin.flow.shared.Registration;
import com.vaadin.flow.spring.annotation.UIScope;
import com.vaadin.flow.spring.security.AuthenticationContext;
import dev.pier.account.AccountService;
import dev.pier.account.AccountSummary;
import dev.pier.auth.PierPrincipal;
import dev.pier.base.InvalidInputException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * The account a browser tab works with. Each tab has its own, so two tabs can work with two accounts; switching also
 * makes the account the default for new tabs and for the API.
 */
@Component
@UIScope
public class ActiveAccount {

    private final AccountService accounts;
    private final long userId;
    private final List<Consumer<AccountSummary>> listeners = new CopyOnWriteArrayList<>();
    private volatile AccountSummary current;

    ActiveAccount(AccountService accounts, AuthenticationContext authentication) {
        this.accounts = accounts;
        this.userId = authentication
                .getAuthenticatedUser(PierPrincipal.class)
                .orElseThrow(() -> new IllegalStateException("The active account needs a signed-in user"))
                .userId();
    }

    public AccountSummary current() {
        AccountSummary account = current;
        if (account == null) {
            account = accounts.defaultAccountOf(userId);
            current = account;
        }
        return account;
    }

    public long currentId() {
        return current().id();
    }

    public List<AccountSummary> choices() {
        return accounts.accountsOf(userId);
    }

    public void switchTo(long accountId) {
        if (current != null && current.id() == accountId) {
            return;
        }
        AccountSummary chosen = accounts.find(userId, accountId)
                .orElseThrow(
                        () -> new InvalidInputException("account", "You have no account with id " + accountId + "."));
        accounts.makeDefault(userId, accountId);
        current = chosen;
        listeners.forEach(l -> l.accept(chosen));
    }

    /** Called after every switch with the new account. */
    public Registration addSwitchListener(Consumer<AccountSummary> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }
}
