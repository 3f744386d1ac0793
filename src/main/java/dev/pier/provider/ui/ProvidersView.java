package dev.pier.provider.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.pier.auth.ui.SignedInUser;
import dev.pier.base.InvalidInputException;
import dev.pier.base.ui.BackgroundWork;
import dev.pier.base.ui.NarrowWindow;
import dev.pier.provider.ProviderDirectory;
import dev.pier.provider.ProviderDirectory.ProviderOverview;
import jakarta.annotation.security.PermitAll;
import org.springframework.security.access.AccessDeniedException;

/** The providers this console can deploy to, whether they answer, and how they isolate workloads. */
@Route("providers")
@PageTitle("Providers")
@PermitAll
public class ProvidersView extends VerticalLayout {

    final Grid<ProviderOverview> grid = new Grid<>();
    /** Asking the providers, or why they could not be listed. */
    final Span state = new Span("Asking the providers…");

    /** Administrators only: registers a provider by its host URI. */
    final Button register = new Button("Register provider", VaadinIcon.PLUS.create());

    private final ProviderDirectory directory;
    private final BackgroundWork work;
    private final boolean administrator;

    public ProvidersView(ProviderDirectory directory, BackgroundWork work, SignedInUser user) {
        this.directory = directory;
        this.work = work;
        this.administrator = user.administrator();
        setSizeFull();
        grid.addColumn(o -> o.provider().name())
                .setHeader("Name")
                .setKey("name")
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.addColumn(o -> o.provider().address())
                .setHeader("Address")
                .setKey("address")
                .setTooltipGenerator(o -> o.provider().address())
                .setFlexGrow(2);
        grid.addColumn(o -> o.provider().hostUri())
                .setHeader("Host")
                .setKey("host")
                .setFlexGrow(2);
        grid.addComponentColumn(ProvidersView::state).setHeader("Status").setKey("status");
        grid.addComponentColumn(ProvidersView::isolation)
                .setHeader("Isolation")
                .setKey("isolation")
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.addComponentColumn(this::actions)
                .setHeader("")
                .setKey("actions")
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.setSizeFull();
        register.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        register.addClickListener(e -> openRegister());
        register.setVisible(administrator);
        add(new HorizontalLayout(register, state), grid);
        // On a phone: the name, its status and the actions (stacked); address, host and isolation on a wider screen.
        NarrowWindow.keepColumns(this, grid, "9em", "name", "status", "actions");
    }

    @Override
    protected void onAttach(AttachEvent event) {
        reload();
    }

    /** A console knows a handful of providers: the whole list is loaded, each probed, in the background. */
    private void reload() {
        work.run(
                this,
                directory::list,
                overviews -> {
                    state.setText(overviews.isEmpty() ? "No provider is registered with this console yet." : "");
                    state.setVisible(overviews.isEmpty());
                    grid.setItems(overviews);
                },
                failure -> {
                    state.setVisible(true);
                    state.setText("The providers could not be listed; reload the page to try again.");
                });
    }

    /** Online, or offline with what went wrong and what to do next, in the row itself. */
    private static Component state(ProviderOverview overview) {
        Span badge = new Span(overview.online() ? "Online" : "Offline");
        badge.getElement().getThemeList().add(overview.online() ? "badge success" : "badge error");
        if (overview.problem() == null) {
            return badge;
        }
        Span why = new Span(overview.problem());
        why.addClassName("provider-problem");
        why.getStyle().set("white-space", "normal").set("font-size", "var(--lumo-font-size-s)");
        Div cell = new Div(badge, why);
        cell.getStyle().set("display", "flex").set("flex-direction", "column").set("gap", "var(--lumo-space-xs)");
        return cell;
    }

    private static Component isolation(ProviderOverview overview) {
        Span badge = new Span(overview.isolation() + (overview.engine().isBlank() ? "" : " · " + overview.engine()));
        if ("none".equals(overview.isolation())) {
            // Loud on purpose: workloads on this provider can read everything the provider can.
            badge.setText("none — plain processes, workloads are not isolated; administrators only");
            badge.getElement().getThemeList().add("badge error primary");
        } else {
            badge.getElement().getThemeList().add("badge contrast");
        }
        return badge;
    }

    private Component actions(ProviderOverview overview) {
        HorizontalLayout actions = new HorizontalLayout(testButton(overview));
        if (administrator) {
            Button rename = new Button("Rename", e -> openRename(overview));
            Button remove = new Button("Remove", e -> confirmRemove(overview));
            rename.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
            remove.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ERROR);
            actions.add(rename, remove);
        }
        actions.setSpacing(false);
        actions.setWrap(true);
        return actions;
    }

    /** Asks for the host URI (and a name, optional: the provider's own is taken), then reads its /status. */
    private void openRegister() {
        TextField host = new TextField("Host URI");
        host.setPlaceholder("https://provider.example.com:8443");
        host.setWidthFull();
        TextField name = new TextField("Name (optional)");
        name.setHelperText("Blank: the name the provider gives itself");
        name.setMaxLength(64);
        Dialog dialog = new Dialog(new VerticalLayout(host, name));
        dialog.setHeaderTitle("Register a provider");
        Button save = new Button("Register");
        save.setId("register-provider");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickListener(e -> {
            save.setEnabled(false);
            host.setInvalid(false);
            work.run(
                    this,
                    () -> directory.add(host.getValue(), name.getValue()),
                    added -> {
                        dialog.close();
                        Notification.show(
                                        added.provider().name() + " is registered"
                                                + (added.online() ? "." : ", but: " + added.problem()),
                                        6000,
                                        Notification.Position.BOTTOM_START)
                                .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
                        reload();
                    },
                    failure -> {
                        save.setEnabled(true);
                        showFailure(failure, host, name);
                    });
        });
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), save);
        dialog.open();
    }

    private void openRename(ProviderOverview overview) {
        TextField name = new TextField("Name", overview.provider().name(), "");
        name.setMaxLength(64);
        TextField host = new TextField("Host URI", overview.provider().hostUri(), "");
        host.setWidthFull();
        Dialog dialog = new Dialog(new VerticalLayout(name, host));
        dialog.setHeaderTitle("Rename " + overview.provider().name());
        Button save = new Button("Save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickListener(e -> work.run(
                this,
                () -> directory.rename(overview.provider().address(), name.getValue(), host.getValue()),
                renamed -> {
                    dialog.close();
                    reload();
                },
                failure -> showFailure(failure, host, name)));
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), save);
        dialog.open();
    }

    private void confirmRemove(ProviderOverview overview) {
        ConfirmDialog confirm = new ConfirmDialog(
                "Remove " + overview.provider().name() + "?",
                "The console forgets it; deploying there needs it registered again. A provider with active "
                        + "deployments cannot be removed.",
                "Remove",
                ok -> work.run(
                        this,
                        () -> directory.remove(overview.provider().address()),
                        removed -> {
                            Notification.show(
                                    removed.name() + " is removed.", 4000, Notification.Position.BOTTOM_START);
                            reload();
                        },
                        failure -> Notification.show(message(failure), 10_000, Notification.Position.TOP_CENTER)
                                .addThemeVariants(NotificationVariant.LUMO_ERROR)));
        confirm.setCancelable(true);
        confirm.setConfirmButtonTheme("error primary");
        confirm.open();
    }

    /** A refused change names its field; the message goes under that field. */
    private static void showFailure(Exception failure, TextField host, TextField name) {
        TextField field = failure instanceof InvalidInputException invalid
                        && invalid.field().equals("name")
                ? name
                : host;
        field.setErrorMessage(message(failure));
        field.setInvalid(true);
    }

    private static String message(Exception failure) {
        if (failure instanceof InvalidInputException invalid) {
            return invalid.getMessage();
        }
        if (failure instanceof AccessDeniedException) {
            return "Only administrators change providers.";
        }
        return "That did not work; try again in a moment.";
    }

    private Component testButton(ProviderOverview overview) {
        Button test = new Button("Test connection");
        test.addClickListener(e -> {
            test.setEnabled(false);
            test.setText("Testing…");
            work.run(
                    this,
                    () -> directory.test(overview.provider()),
                    fresh -> {
                        Notification notification = Notification.show(
                                fresh.online()
                                        ? fresh.provider().name() + " answers; isolation: " + fresh.isolation() + "."
                                        : fresh.problem(),
                                6000,
                                Notification.Position.BOTTOM_START);
                        notification.addThemeVariants(
                                fresh.online() ? NotificationVariant.LUMO_SUCCESS : NotificationVariant.LUMO_ERROR);
                        reload();
                    },
                    failure -> {
                        test.setEnabled(true);
                        test.setText("Test connection");
                    });
        });
        test.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        return test;
    }
}
