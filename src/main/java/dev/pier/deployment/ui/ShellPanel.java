package dev.pier.deployment.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.shared.Registration;
import dev.pier.base.ShellSession;
import dev.pier.base.StreamStatus;
import dev.pier.base.terminal.TerminalChannel;
import dev.pier.base.terminal.TerminalChannels;
import dev.pier.base.ui.BackgroundWork;
import dev.pier.base.ui.TerminalPane;
import dev.pier.deployment.DeploymentSummary;
import dev.pier.deployment.LeaseAccess;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A terminal into a replica. Its PTY session id is kept in the browser session (see {@link ShellScreens}), so reopening
 * the tab or reloading the page within the provider's grace period re-attaches to the same program. The terminal fits
 * its container and passes its size to the PTY, so full-screen programs get the right size.
 */
class ShellPanel extends Composite<VerticalLayout> {

    final TerminalPane pane = new TerminalPane(false);
    final TextField service = new TextField("Service");
    final IntegerField replica = new IntegerField("Replica");
    final StreamHealth health = new StreamHealth(e -> restart());
    final FileDownloadBar files;
    /** Shown instead of connecting at once when the shell needs consent (an administrator's into another's). */
    final Button openAsAdministrator = new Button("Open a shell as administrator (recorded)");

    private Consent consent;
    private boolean consented;
    private final LeaseAccess leases;
    private final DeploymentSummary deployment;
    private final TerminalChannels terminals;
    private final String username;
    private final BackgroundWork work;
    private StringBuffer screen = new StringBuffer();
    private Registration stallWatch;
    private long shownStall = -1;
    private volatile ShellSession session;
    private TerminalChannel channel;
    private UI ui;

    /** Asked before a shell opens (an administrator's shell into another user's replica is recorded first). */
    interface Consent {
        void given(String service, int replica);
    }

    /** A shell that opens only when asked for with its button, telling {@code consent} first. */
    static ShellPanel onRequest(
            LeaseAccess leases,
            TerminalChannels terminals,
            String username,
            DeploymentSummary deployment,
            String firstService,
            BackgroundWork work,
            Consent consent) {
        ShellPanel panel = new ShellPanel(leases, terminals, username, deployment, firstService, work);
        panel.consent = consent;
        panel.openAsAdministrator.setVisible(true);
        return panel;
    }

    ShellPanel(
            LeaseAccess leases,
            TerminalChannels terminals,
            String username,
            DeploymentSummary deployment,
            String firstService,
            BackgroundWork work) {
        this.leases = leases;
        this.work = work;
        this.terminals = terminals;
        this.username = username;
        this.deployment = deployment;
        this.files = new FileDownloadBar(leases, deployment, service::getValue, this::replicaIndex);
        service.setValue(firstService == null ? "" : firstService);
        replica.setValue(0);
        replica.setMin(0);
        replica.setStepButtonsVisible(true);
        service.addValueChangeListener(e -> restart());
        replica.addValueChangeListener(e -> restart());
        pane.addDataListener(e -> type(e.data()));
        pane.addSocketClosedListener(e -> {
            if (channel != null) {
                channel.fallBack();
            }
        });
        pane.addResizeListener(e -> {
            ShellSession current = session;
            if (current != null) {
                current.resize(e.columns(), e.rows());
            }
        });
        pane.setHeight("60vh");
        Button smaller = new Button("A−", e -> pane.setFontSize(Math.max(8, pane.getFontSize() - 1)));
        Button larger = new Button("A+", e -> pane.setFontSize(Math.min(32, pane.getFontSize() + 1)));
        smaller.setAriaLabel("Smaller font");
        larger.setAriaLabel("Larger font");
        smaller.setId("font-smaller");
        larger.setId("font-larger");
        openAsAdministrator.setVisible(false);
        openAsAdministrator.addThemeVariants(ButtonVariant.LUMO_ERROR);
        openAsAdministrator.addClickListener(e -> {
            if (consent == null) {
                return;
            }
            consent.given(service.getValue(), replicaIndex());
            consented = true;
            openAsAdministrator.setVisible(false);
            restart();
        });
        HorizontalLayout toolbar = new HorizontalLayout(service, replica, health, openAsAdministrator, smaller, larger);
        toolbar.setAlignItems(FlexComponent.Alignment.BASELINE);
        // On a phone the tools wrap onto more lines instead of running off the screen.
        toolbar.setWrap(true);
        toolbar.setWidthFull();
        getContent().setPadding(false);
        getContent().add(toolbar, pane, files);
    }

    @Override
    protected void onAttach(AttachEvent event) {
        ui = event.getUI();
        start();
        stallWatch = work.every(this, Duration.ofSeconds(1), this::stallChange, this::showStall, failure -> {});
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (stallWatch != null) {
            stallWatch.remove();
        }
        // Closing the connection leaves the program running on the provider for the grace period.
        stop();
    }

    /** The stall in seconds when it changed since last shown (-1: not stalled), or null when it did not. */
    private Long stallChange() {
        ShellSession current = session;
        long stall = current == null
                ? -1
                : current.stalledFor().map(Duration::toSeconds).orElse(-1L);
        if (stall == shownStall) {
            return null;
        }
        shownStall = stall;
        return stall;
    }

    /** Shows "stalled for N s" while the provider is silent (no output, no pong), and the status again after. */
    private void showStall(Long stall) {
        ShellSession current = session;
        if (stall == null) {
            return;
        }
        if (stall >= 0) {
            health.showStalled(stall);
        } else if (current != null && current.status() != null) {
            health.show(current.status());
        }
    }

    private void start() {
        if (service.getValue().isBlank() || (consent != null && !consented)) {
            return;
        }
        UI target = ui;
        String id = ShellScreens.sessionId(deployment.dseq(), service.getValue(), replicaIndex());
        screen = ShellScreens.screenOf(id);
        String replay = recentOutput();
        if (!replay.isEmpty()) {
            // A reloaded page or a reopened tab shows the recent screen of the shell it re-attaches to.
            pane.write(replay);
        }
        // Keystrokes and output take the terminal socket; the Vaadin path stays as the fallback.
        TerminalChannel opened = terminals.open(
                username,
                this::type,
                bytes -> target.access(() -> pane.write(new String(bytes, StandardCharsets.UTF_8))));
        channel = opened;
        pane.setSocket(opened.path());
        StringBuffer shown = screen;
        session = leases.shell(
                deployment,
                service.getValue(),
                replicaIndex(),
                id,
                new ShellSession.Output() {
                    @Override
                    public void onOutput(byte[] bytes) {
                        ShellScreens.remember(shown, new String(bytes, StandardCharsets.UTF_8));
                        opened.output(bytes);
                    }

                    @Override
                    public void onExit(int exitCode) {
                        opened.output(("\r\n[the program exited with code " + exitCode + "]\r\n")
                                .getBytes(StandardCharsets.UTF_8));
                    }
                },
                (StreamStatus status) -> target.access(() -> health.show(status)));
    }

    private int replicaIndex() {
        return replica.getValue() == null ? 0 : replica.getValue();
    }

    private void type(String data) {
        ShellSession current = session;
        if (current != null) {
            current.send(data);
        }
    }

    private void stop() {
        ShellSession current = session;
        session = null;
        if (current != null) {
            current.remove();
        }
        if (channel != null) {
            channel.close();
            channel = null;
            pane.setSocket(null);
        }
    }

    private void restart() {
        stop();
        if (ui != null) {
            start();
        }
    }

    /** The recent output, as the terminal got it (for tests and screen readers). */
    String recentOutput() {
        synchronized (screen) {
            return screen.toString();
        }
    }
}
