package dev.pier.deployment.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.Html;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Anchor;
import dev.pier.deployment.ManifestReference;
import dev.pier.test.KaribuTest;
import dev.pier.test.TestUsers;
import dev.pier.user.Role;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The editor's help links to the manifest reference, which the console serves from docs/manifest.md. */
class ManifestReferenceViewTest extends KaribuTest {

    @Autowired
    TestUsers testUsers;

    @Autowired
    ManifestReference reference;

    @Test
    void the_reference_is_served_as_html_and_the_new_deployment_form_links_to_it() {
        login(testUsers.create("reader", Role.USER).username());
        UI.getCurrent().navigate("docs/manifest");

        String html = _get(ManifestReferenceView.class, spec -> spec.withCount(1))
                .getChildren()
                .map(c -> ((Html) c).getInnerHtml())
                .findFirst()
                .orElseThrow();
        assertThat(html)
                .contains("<h1>The Pier manifest</h1>")
                .contains("<table>")
                .contains("count");
        assertThat(reference.html()).startsWith("<article").doesNotContain("<script");

        var form = new NewDeploymentForm(List.of());
        Anchor link = _get(form, Anchor.class, spec -> spec.withId("manifest-reference"));
        assertThat(link.getHref()).isEqualTo("docs/manifest");
        assertThat(link.getTarget()).contains("_blank");
    }
}
