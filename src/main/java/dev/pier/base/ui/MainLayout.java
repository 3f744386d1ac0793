package dev.pier.base.ui;

import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.avatar.Avatar;
import com.vaadin.flow.component.avatar.AvatarVariant;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dependency.CssImport;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.menubar.MenuBar;
import com.vaadin.flow.component.menubar.MenuBarVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.Scroller;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.router.AfterNavigationEvent;
import com.vaadin.flow.router.AfterNavigationObserver;
import com.vaadin.flow.router.Layout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.spring.security.AuthenticationContext;
import jakarta.annotation.security.PermitAll;
import java.util.ArrayList;
import java.util.List;

/** The frame around every signed-in view: navigation drawer, page title, theme toggle and user menu. */
@Layout
@PermitAll
@CssImport("./styles/pier-layout.css")
public class MainLayout extends AppLayout implements AfterNavigationObserver {

    private final H1 title = new H1();
    final SideNav navigation = new SideNav();
    final Button drawerLogout = new Button("Log out");
    final MenuBar userMenu = new MenuBar();

    public MainLayout(
            AuthenticationContext authentication, List<NavbarItem> navbarItems, List<AdminMenuItem> adminItems) {
        setPrimarySection(Section.DRAWER);

        Span brand = new Span("⚓ Pier");
        brand.getStyle()
                .set("font-size", "var(--lumo-font-size-xl)")
                .set("font-weight", "600")
                .set("padding", "var(--lumo-space-m)");
        navigation.addItem(new SideNavItem("Deployments", "deployments", VaadinIcon.CLUSTER.create()));
        navigation.addItem(new SideNavItem("Providers", "providers", VaadinIcon.SERVER.create()));
        navigation.addItem(new SideNavItem("Accounts", "accounts", VaadinIcon.KEY.create()));
        if (authentication.hasRole("ADMIN")) {
            SideNavItem admin = new SideNavItem("Admin");
            admin.setPrefixComponent(VaadinIcon.COG.create());
            admin.addItem(new SideNavItem("Users", "admin/users", VaadinIcon.USERS.create()));
            admin.addItem(new SideNavItem("Deployments", "admin/deployments", VaadinIcon.CLUSTER.create()));
            admin.addItem(new SideNavItem("Audit", "admin/audit", VaadinIcon.RECORDS.create()));
            for (AdminMenuItem item : adminItems) {
                SideNavItem entry = new SideNavItem(item.label(), item.path(), VaadinIcon.BELL.create());
                item.badge().ifPresent(count -> {
                    Span badge = new Span(String.valueOf(count));
                    badge.getElement().getThemeList().add("badge error pill small");
                    badge.getElement().setAttribute("aria-label", count + " unacknowledged");
                    entry.setSuffixComponent(badge);
                });
                admin.addItem(entry);
            }
            admin.setExpanded(true);
            navigation.addItem(admin);
        }
        // On a phone the header has room for little: the drawer also offers what the user menu holds.
        String signedIn = authentication.getPrincipalName().orElse("");
        SideNav you = new SideNav(signedIn.isEmpty() ? "You" : "Signed in as " + signedIn);
        you.addItem(new SideNavItem("My sessions", "sessions", VaadinIcon.USER_CLOCK.create()));
        drawerLogout.setIcon(VaadinIcon.SIGN_OUT.create());
        drawerLogout.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        drawerLogout.addClickListener(e -> authentication.logout());
        VerticalLayout drawer = new VerticalLayout(navigation, you, drawerLogout);
        drawer.setPadding(false);
        addToDrawer(brand, new Scroller(drawer));

        title.getStyle().set("font-size", "var(--lumo-font-size-l)").set("margin", "0");
        String username = authentication.getPrincipalName().orElse("");
        Avatar avatar = new Avatar(username);
        avatar.addThemeVariants(AvatarVariant.LUMO_XSMALL);
        userMenu.setId("user-menu");
        userMenu.addThemeVariants(MenuBarVariant.LUMO_TERTIARY_INLINE);
        Span name = new Span(username);
        name.addClassName("pier-username");
        Div trigger = new Div(avatar, name);
        trigger.getStyle()
                .set("display", "flex")
                .set("gap", "var(--lumo-space-s)")
                .set("align-items", "center");
        var account = userMenu.addItem(trigger);
        account.getSubMenu().addItem("My sessions", e -> getUI().ifPresent(ui -> ui.navigate("sessions")));
        account.getSubMenu().addItem("Log out", e -> authentication.logout());

        title.addClassName("pier-title");
        HorizontalLayout header = new HorizontalLayout(new DrawerToggle(), title);
        header.addClassName("pier-header");
        navbarItems.forEach(item -> {
            var component = item.create();
            component.getElement().getClassList().add("pier-account");
            header.add(component);
        });
        header.add(new ThemeToggle(), userMenu);
        header.setWidthFull();
        header.setAlignItems(FlexComponent.Alignment.CENTER);
        header.expand(title);
        header.getStyle().set("padding-right", "var(--lumo-space-m)");
        addToNavbar(header);
    }

    @Override
    public void afterNavigation(AfterNavigationEvent event) {
        PageTitle pageTitle =
                getContent() == null ? null : getContent().getClass().getAnnotation(PageTitle.class);
        title.setText(pageTitle == null ? "" : pageTitle.value());
    }

    /** Labels of the navigation entries, nested ones after their parent, as the drawer shows them. */
    public List<String> navigationLabels() {
        List<String> labels = new ArrayList<>();
        navigation.getItems().forEach(item -> {
            labels.add(item.getLabel());
            item.getItems().forEach(child -> labels.add(child.getLabel()));
        });
        return labels;
    }

    /** The heading currently shown in the navbar. */
    public String currentTitle() {
        return title.getText();
    }
}
