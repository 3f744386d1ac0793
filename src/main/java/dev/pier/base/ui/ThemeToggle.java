package dev.pier.base.ui;

import com.vaadin.flow.component.ClickEvent;
import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.icon.VaadinIcon;

/** Switches between Lumo's light and dark theme; the choice is kept in the browser's local storage. */
public class ThemeToggle extends Composite<Button> {

    static final String STORAGE_KEY = "pier.theme";

    private boolean dark;

    public ThemeToggle() {
        Button button = getContent();
        button.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE);
        button.setAriaLabel("Toggle dark theme");
        button.setTooltipText("Light / dark theme");
        button.setIcon(VaadinIcon.ADJUST.create());
        button.addClickListener(this::toggle);
        button.getElement()
                .executeJs("return document.documentElement.getAttribute('theme') === 'dark'")
                .then(Boolean.class, value -> dark = value);
    }

    private void toggle(ClickEvent<Button> click) {
        dark = !dark;
        String theme = dark ? "dark" : "";
        getElement()
                .executeJs(
                        "document.documentElement.setAttribute('theme', $0);"
                                + "try{localStorage.setItem($1, $0)}catch(e){}",
                        theme,
                        STORAGE_KEY);
    }

    /** Whether the dark theme is on, as far as the server knows. */
    public boolean isDark() {
        return dark;
    }
}
