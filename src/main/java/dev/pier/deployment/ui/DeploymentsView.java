package dev.pier.deployment.ui;

import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteAlias;
import jakarta.annotation.security.PermitAll;

/** The home of the console: the user's deployments. */
@Route("deployments")
@RouteAlias("")
@PageTitle("Deployments")
@PermitAll
public class DeploymentsView extends VerticalLayout {

    public DeploymentsView() {
        setSizeFull();
        setAlignItems(Alignment.CENTER);
        setJustifyContentMode(JustifyContentMode.CENTER);
        add(new H2("No deployments yet"),
                new Paragraph("Deployments you create on a provider will be listed here."));
    }
}
