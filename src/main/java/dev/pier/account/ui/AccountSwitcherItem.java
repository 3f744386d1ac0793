package dev.pier.account.ui;

import com.vaadin.flow.component.Component;
import dev.pier.base.ui.NavbarItem;
import org.springframework.beans.factory.ObjectProvider;

/** Puts the {@link AccountSwitcher} into the navbar. */
@org.springframework.stereotype.Component
class AccountSwitcherItem implements NavbarItem {

    private final ObjectProvider<ActiveAccount> activeAccount;

    AccountSwitcherItem(ObjectProvider<ActiveAccount> activeAccount) {
        this.activeAccount = activeAccount;
    }

    @Override
    public Component create() {
        return new AccountSwitcher(activeAccount.getObject());
    }
}
