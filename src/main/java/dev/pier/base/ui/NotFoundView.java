package dev.pier.base.ui;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.ErrorParameter;
import com.vaadin.flow.router.HasErrorParameter;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.ParentLayout;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import jakarta.servlet.http.HttpServletResponse;

/**
 * An unknown address, or one the signed-in person may not open (production mode reports a refused page as not found, so
 * nobody learns which admin pages exist): a page inside the usual frame that says so and offers a way back.
 */
@ParentLayout(MainLayout.class)
@PageTitle("Page not found")
@AnonymousAllowed
public class NotFoundView extends VerticalLayout implements HasErrorParameter<NotFoundException> {

    final H2 heading = new H2();
    final Paragraph explanation = new Paragraph();

    /** What the page says happened, e.g. "There is nothing to show at /admin/users". */
    public String headline() {
        return heading.getText();
    }

    public NotFoundView() {
        heading.getStyle().set("margin", "0");
        Anchor back = new Anchor("deployments", "Back to your deployments");
        back.setId("back-to-deployments");
        add(heading, explanation, back);
    }

    @Override
    public int setErrorParameter(BeforeEnterEvent event, ErrorParameter<NotFoundException> parameter) {
        return describe(event);
    }

    /** Shared with {@link AccessDeniedView}: both pages say the same, so neither tells which admin pages exist. */
    int describe(BeforeEnterEvent event) {
        String path = event.getLocation().getPath();
        heading.setText("There is nothing to show at /" + path);
        explanation.setText("The address may be mistyped or out of date, or the page needs a role you do not have "
                + "(administrator pages are under Admin). Check the address, or go back to your deployments.");
        return HttpServletResponse.SC_NOT_FOUND;
    }
}
