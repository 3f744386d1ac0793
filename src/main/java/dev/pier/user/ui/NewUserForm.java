package dev.pier.user.ui;

import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.shared.Registration;
import dev.pier.user.Role;
import dev.pier.user.UserService;

/** The fields of a new user. It reports a submission upward and shows errors the service found on their field. */
class NewUserForm extends Composite<FormLayout> {

    /** Fired when the person asks to create the user. */
    static class SubmitEvent extends ComponentEvent<NewUserForm> {
        final String username;
        final String password;
        final Role role;

        SubmitEvent(NewUserForm source, String username, String password, Role role) {
            super(source, false);
            this.username = username;
            this.password = password;
            this.role = role;
        }
    }

    final TextField username = new TextField("Username");
    final PasswordField password = new PasswordField("Password");
    final Select<Role> role = new Select<>();

    NewUserForm() {
        username.setRequired(true);
        username.setHelperText("3–64 characters: letters, digits, '.', '_' or '-'");
        password.setRequired(true);
        password.setHelperText(UserService.PASSWORD_RULE);
        role.setLabel("Role");
        role.setItems(Role.values());
        role.setValue(Role.USER);
        getContent().add(username, password, role);
    }

    void submit() {
        clearErrors();
        fireEvent(new SubmitEvent(this, username.getValue(), password.getValue(), role.getValue()));
    }

    Registration addSubmitListener(ComponentEventListener<SubmitEvent> listener) {
        return addListener(SubmitEvent.class, listener);
    }

    /** Shows a service's rejection on the field it names; returns false when no field here matches. */
    boolean showError(String field, String message) {
        HasValidation target = switch (field) {
            case "username" -> username;
            case "password" -> password;
            case "role" -> role;
            default -> null;
        };
        if (target == null) {
            return false;
        }
        target.setErrorMessage(message);
        target.setInvalid(true);
        return true;
    }

    private void clearErrors() {
        username.setInvalid(false);
        password.setInvalid(false);
        role.setInvalid(false);
    }
}
