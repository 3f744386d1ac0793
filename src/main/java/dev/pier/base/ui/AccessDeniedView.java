package dev.pier.base.ui;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.router.AccessDeniedException;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.ErrorParameter;
import com.vaadin.flow.router.HasErrorParameter;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.ParentLayout;
import com.vaadin.flow.server.auth.AnonymousAllowed;

/**
 * A page the signed-in person may not open, where the router reports it as such (outside production mode): the same
 * page as an unknown address, so it reveals nothing either.
 */
@ParentLayout(MainLayout.class)
@PageTitle("Page not found")
@AnonymousAllowed
public class AccessDeniedView extends Composite<NotFoundView> implements HasErrorParameter<AccessDeniedException> {

    @Override
    public int setErrorParameter(BeforeEnterEvent event, ErrorParameter<AccessDeniedException> parameter) {
        getContent().describe(event);
        return 404;
    }

    NotFoundView page() {
        return getContent();
    }
}
