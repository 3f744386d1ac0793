package dev.pier.base.ui;

import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.component.page.Inline;
import com.vaadin.flow.component.page.Push;
import com.vaadin.flow.server.AppShellSettings;
import com.vaadin.flow.shared.communication.PushMode;
import com.vaadin.flow.shared.ui.Transport;

/** Page-level settings: server push over WebSocket, and the saved light/dark choice applied before first paint. */
@Push(value = PushMode.AUTOMATIC, transport = Transport.WEBSOCKET)
public class PierAppShell implements AppShellConfigurator {

    @Override
    public void configurePage(AppShellSettings settings) {
        settings.setPageTitle("Pier");
        // Runs before Vaadin starts, so a dark-theme user never sees a white flash on reload.
        settings.addInlineWithContents(
                Inline.Position.PREPEND,
                "try{if(localStorage.getItem('" + ThemeToggle.STORAGE_KEY + "')==='dark')"
                        + "document.documentElement.setAttribute('theme','dark');}catch(e){}",
                Inline.Wrapping.JAVASCRIPT);
    }
}
