package dev.pier.provider.ui;

import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.PermitAll;

/** The providers this console can deploy to. */
@Route("providers")
@PageTitle("Providers")
@PermitAll
public class ProvidersView extends VerticalLayout {

    public ProvidersView() {
        setSizeFull();
        setAlignItems(Alignment.CENTER);
        setJustifyContentMode(JustifyContentMode.CENTER);
        add(new H2("No providers registered"),
                new Paragraph("Providers registered with this console will be listed here with their status."));
    }
}
