package dev.pier.account;

import dev.pier.auth.PierPrincipal;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The caller's accounts, for scripts. */
@RestController
class AccountApiController {

    record AccountView(String address, String name, boolean active) {}

    private final AccountService accounts;

    AccountApiController(AccountService accounts) {
        this.accounts = accounts;
    }

    @GetMapping("/api/v1/accounts")
    List<AccountView> list(@AuthenticationPrincipal PierPrincipal principal) {
        return accounts.accountsOf(principal.userId()).stream()
                .map(a -> new AccountView(a.address(), a.name(), a.isDefault()))
                .toList();
    }
}
