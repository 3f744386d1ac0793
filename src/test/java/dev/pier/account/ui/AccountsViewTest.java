package dev.pier.account.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.pro.ConfirmDialogKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import dev.pier.account.AccountService;
import dev.pier.account.AccountSummary;
import dev.pier.test.KaribuTest;
import dev.pier.test.TestUsers;
import dev.pier.user.Role;
import dev.pier.user.UserSummary;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class AccountsViewTest extends KaribuTest {

    @Autowired
    TestUsers testUsers;

    @Autowired
    AccountService accounts;

    UserSummary user;
    AccountsView view;

    @BeforeEach
    void open() {
        user = testUsers.create("accounts-view", Role.USER);
        login(user.username());
        UI.getCurrent().navigate(AccountsView.class);
        view = _get(AccountsView.class);
    }

    @Test
    void a_new_user_sees_a_default_account_in_use_in_this_tab() {
        List<AccountSummary> rows = GridKt._findAll(view.grid);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).name()).isEqualTo("default");
        assertThat(_get(AccountSwitcher.class).getContent().getValue().id())
                .isEqualTo(rows.get(0).id());
    }

    @Test
    void creates_an_account_and_refuses_a_bad_name_on_its_field() {
        _click(view.newAccount);
        TextField name = _get(TextField.class, spec -> spec.withLabel("Name"));
        _setValue(name, " ");
        _click(_get(Button.class, spec -> spec.withId("create-account")));
        assertThat(name.isInvalid()).isTrue();
        assertThat(accounts.accountsOf(user.id())).hasSize(1);

        _setValue(name, "staging");
        _click(_get(Button.class, spec -> spec.withId("create-account")));
        assertThat(GridKt._findAll(view.grid)).extracting(AccountSummary::name).containsExactly("default", "staging");
    }

    @Test
    void an_invalid_private_key_is_refused_on_the_key_field() {
        _click(view.importKey);
        _setValue(_get(TextField.class, spec -> spec.withLabel("Name")), "imported");
        PasswordField key = _get(PasswordField.class, spec -> spec.withLabel("Private key"));
        _setValue(key, "zz-not-hex");
        _click(_get(Button.class, spec -> spec.withId("import-account")));
        assertThat(key.isInvalid()).isTrue();
        assertThat(key.getErrorMessage()).doesNotContain("zz-not-hex");
        assertThat(accounts.accountsOf(user.id())).hasSize(1);
    }

    @Test
    void rotating_a_key_needs_confirmation_and_keeps_the_old_key_published() {
        AccountSummary account = accounts.defaultAccountOf(user.id());
        String before = accounts.keysOf(user.id(), account.id()).get(0).kid();
        _click(_get(
                GridKt._getCellComponent(view.grid, 0, "actions"), Button.class, spec -> spec.withText("Rotate key")));
        assertThat(accounts.keysOf(user.id(), account.id())).hasSize(1);
        ConfirmDialogKt._fireConfirm(_get(ConfirmDialog.class));

        var keys = accounts.keysOf(user.id(), account.id());
        assertThat(keys).hasSize(2);
        assertThat(keys.get(0).active()).isTrue();
        assertThat(keys.stream()
                        .filter(k -> k.kid().equals(before))
                        .findFirst()
                        .orElseThrow()
                        .active())
                .isFalse();
    }

    @Test
    void the_header_switcher_changes_the_account_of_this_tab() {
        AccountSummary second = accounts.create(user.id(), "second");
        AccountSwitcher switcher = _get(AccountSwitcher.class);
        switcher.reload();
        ActiveAccount active = context.getBean(ActiveAccount.class);
        List<Long> switchedTo = new ArrayList<>();
        active.addSwitchListener(a -> switchedTo.add(a.id()));

        @SuppressWarnings("unchecked")
        Select<AccountSummary> select = switcher.getContent();
        _setValue(
                select,
                select.getListDataView()
                        .getItems()
                        .filter(a -> a.id() == second.id())
                        .findFirst()
                        .orElseThrow());

        assertThat(active.currentId()).isEqualTo(second.id());
        assertThat(switchedTo).containsExactly(second.id());
        assertThat(accounts.defaultAccountOf(user.id()).id())
                .as("new tabs start with it")
                .isEqualTo(second.id());
    }
}
