package dev.pier.provider.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.LocatorJ;
import com.github.mvysny.kaributesting.v10.NotificationsKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.textfield.TextField;
import dev.pier.provider.ProviderDirectory.ProviderOverview;
import dev.pier.provider.ProviderService;
import dev.pier.providerapp.ProviderApplication;
import dev.pier.shared.CosmosAddress;
import dev.pier.test.KaribuTest;
import dev.pier.test.PierIntegrationTest;
import dev.pier.test.TestImages;
import dev.pier.test.TestUsers;
import dev.pier.user.Role;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.context.WebServerApplicationContext;

class ProvidersViewTest extends KaribuTest {

    @Autowired
    ProviderService providers;

    @Test
    void lists_the_embedded_provider_online_with_its_isolation_and_explains_an_unreachable_one() throws Exception {
        String unreachable = CosmosAddress.of("akash", new byte[20]).value();
        providers.register(unreachable, "Gone provider", "http://127.0.0.1:9");
        login(PierIntegrationTest.ADMIN);
        UI.getCurrent().navigate(ProvidersView.class);
        ProvidersView view = _get(ProvidersView.class);
        until("the providers", () -> GridKt._size(view.grid) >= 2);

        List<ProviderOverview> rows = GridKt._findAll(view.grid);
        ProviderOverview local = rows.stream()
                .filter(o -> o.provider().name().equals("Local provider"))
                .findFirst()
                .orElseThrow();
        assertThat(local.online()).isTrue();
        assertThat(local.isolation()).isEqualTo(TestImages.containersAvailable() ? "container" : "none");
        assertThat(local.engine()).matches(TestImages.containersAvailable() ? "podman \\d+\\..*" : "plain processes");
        ProviderOverview gone = rows.stream()
                .filter(o -> o.provider().address().equals(unreachable))
                .findFirst()
                .orElseThrow();
        assertThat(gone.online()).isFalse();
        assertThat(gone.problem())
                .contains("http://127.0.0.1:9")
                .contains("unreachable")
                .contains("Providers");

        int row = rows.indexOf(gone);
        _click(_get(
                GridKt._getCellComponent(view.grid, row, "actions"),
                Button.class,
                spec -> spec.withText("Test connection")));
        until("the test's answer", () -> !NotificationsKt.getNotifications().isEmpty());
        assertThat(NotificationsKt.getNotifications())
                .anySatisfy(n -> assertThat(n.getElement().getProperty("text")).contains("unreachable"));
    }

    @LocalServerPort
    int consolePort;

    @TempDir
    Path secondData;

    @Test
    void a_user_sees_the_providers_but_no_way_to_change_them() throws Exception {
        login(testUsers.create("viewer", Role.USER).username());
        UI.getCurrent().navigate(ProvidersView.class);
        ProvidersView view = _get(ProvidersView.class);
        assertThat(view.register.isVisible()).isFalse();
        until("the providers", () -> GridKt._size(view.grid) >= 1);
        var actions = GridKt._getCellComponent(view.grid, 0, "actions");
        assertThat(LocatorJ._find(actions, Button.class))
                .extracting(Button::getText)
                .containsExactly("Test connection");
    }

    @Test
    void an_administrator_registers_a_provider_by_its_host_and_is_told_why_a_host_is_refused() throws Exception {
        try (var second = ProviderApplication.start(
                true,
                "--server.port=0",
                "--pier.provider.console-url=http://127.0.0.1:" + consolePort,
                "--pier.provider.data-dir=" + secondData,
                "--pier.provider.name=east")) {
            String url = "http://127.0.0.1:"
                    + ((WebServerApplicationContext) second).getWebServer().getPort();
            login(PierIntegrationTest.ADMIN);
            UI.getCurrent().navigate(ProvidersView.class);
            ProvidersView view = _get(ProvidersView.class);
            assertThat(view.register.isVisible()).isTrue();

            _click(view.register);
            var dialog = _get(Dialog.class);
            var host = _get(dialog, TextField.class, spec -> spec.withLabel("Host URI"));
            LocatorJ._setValue(host, "http://127.0.0.1:9");
            _click(_get(Button.class, spec -> spec.withId("register-provider")));
            until("the refusal under the field", host::isInvalid);
            assertThat(host.getErrorMessage()).contains("could not read http://127.0.0.1:9/status");

            LocatorJ._setValue(host, url);
            _click(_get(Button.class, spec -> spec.withId("register-provider")));
            until(
                    "east in the grid",
                    () -> GridKt._findAll(view.grid).stream()
                            .anyMatch(o -> o.provider().name().equals("east") && o.online()));
            String address = GridKt._findAll(view.grid).stream()
                    .filter(o -> o.provider().name().equals("east"))
                    .findFirst()
                    .orElseThrow()
                    .provider()
                    .address();
            assertThat(providers.findByAddress(address).orElseThrow().hostUri()).isEqualTo(url);
            providers.remove(address);
        }
    }

    @Autowired
    TestUsers testUsers;
}
