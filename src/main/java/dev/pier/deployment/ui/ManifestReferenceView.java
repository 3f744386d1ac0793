package dev.pier.deployment.ui;

import com.vaadin.flow.component.Html;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.pier.deployment.ManifestReference;
import jakarta.annotation.security.PermitAll;

/** The manifest reference, served by the console so the editor's help can link to the version it accepts. */
@Route("docs/manifest")
@PageTitle("Manifest reference")
@PermitAll
public class ManifestReferenceView extends VerticalLayout {

    public ManifestReferenceView(ManifestReference reference) {
        Html article = new Html(reference.html());
        article.getStyle().set("max-width", "60rem").set("overflow-x", "auto");
        add(article);
    }
}
