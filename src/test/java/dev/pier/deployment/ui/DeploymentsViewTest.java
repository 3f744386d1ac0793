package dev.pier.deployment.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.LocatorJ;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.data.renderer.LitRenderer;
import dev.pier.account.AccountService;
import dev.pier.account.ui.AccountsView;
import dev.pier.deployment.DeploymentService;
import dev.pier.deployment.DeploymentSummary;
import dev.pier.deployment.ProviderChoice;
import dev.pier.deployment.SampleManifests;
import dev.pier.test.KaribuTest;
import dev.pier.test.MutableClock;
import dev.pier.test.ProviderTestSupport;
import dev.pier.test.TestUsers;
import dev.pier.user.Role;
import dev.pier.user.UserSummary;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class DeploymentsViewTest extends KaribuTest {

    @Autowired
    TestUsers testUsers;

    @Autowired
    MutableClock clock;

    @Autowired
    DeploymentService deployments;

    @Autowired
    AccountService accounts;

    @Autowired
    ProviderTestSupport provider;

    DeploymentsView view;
    UserSummary user;

    @BeforeEach
    void open() {
        clock.set(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        user = testUsers.create("wizard", Role.USER);
        login(user.username());
        UI.getCurrent().navigate(DeploymentsView.class);
        view = _get(DeploymentsView.class);
    }

    @Test
    void an_empty_list_says_what_to_do_and_a_filtered_one_offers_to_clear_the_filters() {
        assertThat(view.emptyState.getElement().getText()).isEmpty();
        assertThat(_get(view.emptyState, Span.class).getText()).isEqualTo("No deployments yet.");
        _click(_get(view.emptyState, Button.class, spec -> spec.withText("New deployment")));
        assertThat(view.progressText.getText())
                .as("the dialog is being prepared")
                .isNotNull();

        _setValue(view.search, "nothing like this");
        assertThat(_get(view.emptyState, Span.class).getText()).isEqualTo("No deployment matches these filters.");
        _click(_get(view.emptyState, Button.class, spec -> spec.withText("Clear the filters")));
        assertThat(view.search.getValue()).isEmpty();
        assertThat(_get(view.emptyState, Span.class).getText()).isEqualTo("No deployments yet.");
    }

    @Test
    void a_deployments_name_is_a_link_to_its_page() {
        DeploymentSummary made = deployments.create(
                user.id(),
                user.username(),
                accounts.defaultAccountOf(user.id()).id(),
                provider.provider().address(),
                "linked",
                SampleManifests.ALL.get("Hello ticker"),
                step -> {});
        view.grid.getDataProvider().refreshAll();

        var renderer = (LitRenderer<DeploymentSummary>)
                view.grid.getColumnByKey("name").getRenderer();
        assertThat(renderer.getValueProviders().get("href").apply(made)).isEqualTo("deployments/" + made.dseq());
        deployments.close(user.id(), made.dseq());
    }

    @Test
    void a_provider_without_isolation_carries_a_warning_in_the_dialog() {
        var isolated = new ProviderChoice("akash1isolated", "Containers", true, true);
        var plain = new ProviderChoice("akash1plain", "Plain", true, false);
        var form = new NewDeploymentForm(List.of(isolated, plain));
        assertThat(form.isolationWarning.isVisible()).isFalse();
        form.provider.setValue(plain);
        assertThat(form.isolationWarning.isVisible()).isTrue();
        assertThat(form.isolationWarning.getText())
                .contains("without isolation")
                .contains("install podman");
        form.provider.setValue(isolated);
        assertThat(form.isolationWarning.isVisible()).isFalse();
    }

    @Test
    void the_account_column_shows_only_for_someone_with_several_accounts() {
        assertThat(view.grid.getColumnByKey("account").isVisible()).isFalse();
        accounts.create(user.id(), "second");
        UI.getCurrent().navigate(AccountsView.class);
        UI.getCurrent().navigate(DeploymentsView.class);
        DeploymentsView fresh = _get(DeploymentsView.class);
        assertThat(fresh).isNotSameAs(view);
        assertThat(fresh.grid.getColumnByKey("account").isVisible()).isTrue();
    }

    /** The dialog opens once the providers have answered, which happens in the background. */
    private NewDeploymentForm openNewDeployment() throws InterruptedException {
        _click(view.newDeployment);
        assertThat(view.progressText.getText()).isEqualTo("Asking the providers…");
        until("the dialog", () -> !LocatorJ._find(NewDeploymentForm.class).isEmpty());
        return _get(NewDeploymentForm.class);
    }

    @Test
    void an_invalid_manifest_shows_its_errors_at_their_lines_and_deploys_nothing() throws Exception {
        NewDeploymentForm form = openNewDeployment();
        _setValue(form.name, "broken");
        _setValue(form.manifest, "version: \"1\"\nservices:\n  Web:\n    command: [\"true\"]\n    colour: blue\n");
        _click(_get(Button.class, spec -> spec.withId("deploy")));

        assertThat(form.manifest.isInvalid()).isTrue();
        assertThat(form.errors.getText())
                .contains("line 3, column 3")
                .contains("line 5, column 5")
                .contains("Unknown key 'colour'");
        assertThat(form.manifest.getErrorLines())
                .as("marked in the editor's gutter")
                .containsExactly(3, 5);
        assertThat(form.manifest.getErrorMessage()).isEqualTo("2 errors below");
        assertThat(GridKt._size(view.grid)).isZero();
    }

    @Test
    void a_sample_deploys_with_visible_progress_and_appears_in_the_list() throws Exception {
        NewDeploymentForm form = openNewDeployment();
        assertThat(form.provider.getValue())
                .as("the online embedded provider is preselected")
                .isNotNull();
        _setValue(form.name, "hello");
        _setValue(form.sample, "Hello ticker");
        assertThat(form.manifest.getValue()).isEqualTo(SampleManifests.ALL.get("Hello ticker"));
        _click(_get(Button.class, spec -> spec.withId("deploy")));

        // The last progress step is shown, then the new deployment's page opens.
        DeploymentsView list = view;
        until("the last progress step", () -> list.progressText.getText().equals("The provider applied the manifest."));
        until("the new deployment's page", () -> !_find(DeploymentView.class).isEmpty());
        assertThat(_get(DeploymentView.class).heading.getText()).contains("hello");

        UI.getCurrent().navigate(DeploymentsView.class);
        view = _get(DeploymentsView.class);
        until("the new row", () -> GridKt._size(view.grid) == 1);
        DeploymentSummary deployed = GridKt._get(view.grid, 0);
        assertThat(deployed.name()).isEqualTo("hello");
        assertThat(deployed.active()).isTrue();

        // Services ready come from the provider off the UI thread and are pushed into the row until all are ready.
        until("readiness pushed", () -> {
            // A status seen counts as current for 5 s of the application's clock; time moves on here.
            clock.advance(Duration.ofMillis(500));
            return ((Span) GridKt._getCellComponent(view.grid, 0, "ready")
                            .getChildren()
                            .findFirst()
                            .orElseThrow())
                    .getText()
                    .equals("1/1");
        });
    }

    @Test
    void the_list_filters_by_state_and_finds_by_name_or_dseq() {
        long account = accounts.defaultAccountOf(user.id()).id();
        DeploymentSummary kept = deployments.create(
                user.id(),
                user.username(),
                account,
                provider.provider().address(),
                "kept web",
                SampleManifests.ALL.get("Hello ticker"),
                step -> {});
        DeploymentSummary closed = deployments.create(
                user.id(),
                user.username(),
                account,
                provider.provider().address(),
                "old batch",
                SampleManifests.ALL.get("Hello ticker"),
                step -> {});
        deployments.close(user.id(), closed.dseq());
        view.grid.getDataProvider().refreshAll();
        assertThat(GridKt._size(view.grid)).isEqualTo(2);

        _setValue(view.stateFilter, "Active");
        assertThat(GridKt._findAll(view.grid))
                .extracting(DeploymentSummary::dseq)
                .containsExactly(kept.dseq());
        _setValue(view.stateFilter, "Closed");
        assertThat(GridKt._findAll(view.grid))
                .extracting(DeploymentSummary::dseq)
                .containsExactly(closed.dseq());

        _setValue(view.stateFilter, "All");
        _setValue(view.search, String.valueOf(closed.dseq()));
        assertThat(GridKt._findAll(view.grid))
                .extracting(DeploymentSummary::name)
                .containsExactly("old batch");
        _setValue(view.search, "KEPT");
        assertThat(GridKt._findAll(view.grid))
                .extracting(DeploymentSummary::name)
                .containsExactly("kept web");
    }
}
