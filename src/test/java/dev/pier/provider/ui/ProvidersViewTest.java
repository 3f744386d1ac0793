package dev.pier.provider.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.NotificationsKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import dev.pier.provider.ProviderDirectory.ProviderOverview;
import dev.pier.provider.ProviderService;
import dev.pier.shared.CosmosAddress;
import dev.pier.test.KaribuTest;
import dev.pier.test.PierIntegrationTest;
import dev.pier.test.TestImages;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

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
        assertThat(view.state.getText()).as("the loading state").isEqualTo("Asking the providers…");
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
}
