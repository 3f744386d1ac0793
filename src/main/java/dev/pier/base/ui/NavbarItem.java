package dev.pier.base.ui;

import com.vaadin.flow.component.Component;

/**
 * A feature's contribution to the navbar (such as the account switcher), so the shared layout shows it without
 * depending on the feature. One new component per layout instance.
 */
public interface NavbarItem {

    Component create();
}
