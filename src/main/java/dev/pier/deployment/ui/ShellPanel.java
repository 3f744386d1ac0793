package dev.pier.deployment.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.shared.Registration;
import dev.pier.base.ShellSession;
import dev.pier.base.StreamStatus;
import dev.pier.base.terminal.TerminalChannel;
import dev.pier.base.terminal.TerminalChannels;
import dev.pier.base.ui.BackgroundWork;
import dev.pier.base.ui.TerminalPane;
import dev.pier.deployment.DeploymentSummary;
import dev.pier.deployment.LeaseAccess;
import dev.pier.manifest.ServiceSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * A terminal into a replica. Its PTY session id is kept in the browser session (see {@link ShellScreens}), so reopening
 * the tab or reloading the page within the provider's grace period re-attaches to the same program. The terminal fits
 * its container and passes its size to the PTY, so full-screen programs get the right size. Service and replica are
 * chosen from the manifest in force, read again whenever the shell connects, so a choice the manifest no longer has
 * shows on its field instead of as a failed connection.
 */
class ShellPanel extends Composite<VerticalLayout> {

    final TerminalPane pane = new TerminalPane(false);
    final Select<String> service = new Select<>();
    final Select<Integer> replica = new Select<>();
    /** Copy and paste take Shift, because Ctrl+C has to stay the interrupt key (see frontend/pier-terminal.ts). */
    final Span clipboardHint =
            new Span("Ctrl+Shift+V pastes and Ctrl+Shift+C copies the selection; Ctrl+C interrupts the program.");

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
    private final Supplier<List<ServiceSpec>> manifestServices;
    /** Replicas per service of the manifest in force, as last read: what the two fields offer. */
    private Map<String, Integer> replicasByService = Map.of();
    /** True while the fields' items are replaced: that is not a person choosing, so nothing restarts. */
    private boolean offering;

    private StringBuffer screen = new StringBuffer();
    private Registration stallWatch;
    private long shownStall = -1;
    private volatile ShellSession session;
    private TerminalChannel channel;
    private UI ui;

    /** The replica a shell or a download is for. */
    record Target(String service, int replica) {}

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
            Supplier<List<ServiceSpec>> manifestServices,
            BackgroundWork work,
            Consent consent) {
        ShellPanel panel = new ShellPanel(leases, terminals, username, deployment, manifestServices, work);
        panel.consent = consent;
        panel.openAsAdministrator.setVisible(true);
        return panel;
    }

    /**
     * A shell into the first service's first replica.
     *
     * @param manifestServices the services of the manifest in force, read each time the shell connects
     */
    ShellPanel(
            LeaseAccess leases,
            TerminalChannels terminals,
            String username,
            DeploymentSummary deployment,
            Supplier<List<ServiceSpec>> manifestServices,
            BackgroundWork work) {
        this.leases = leases;
        this.work = work;
        this.terminals = terminals;
        this.username = username;
        this.deployment = deployment;
        this.manifestServices = manifestServices;
        this.files = new FileDownloadBar(leases, deployment, this::chosen);
        service.setLabel("Service");
        replica.setLabel("Replica");
        // Their errors come from the manifest in force, not from Select's own required check.
        service.setManualValidation(true);
        replica.setManualValidation(true);
        offer(manifestServices.get());
        service.addValueChangeListener(e -> {
            if (!offering) {
                service.setInvalid(false);
                offerReplicas();
                restart();
            }
        });
        replica.addValueChangeListener(e -> {
            if (!offering) {
                replica.setInvalid(false);
                restart();
            }
        });
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
            Optional<Target> target = chosen();
            if (target.isEmpty()) {
                return;
            }
            consent.given(target.get().service(), target.get().replica());
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
        clipboardHint.addClassNames("clipboard-hint");
        clipboardHint.getStyle().set("font-size", "var(--lumo-font-size-s)");
        clipboardHint.getStyle().set("color", "var(--lumo-secondary-text-color)");
        getContent().add(toolbar, pane, clipboardHint, files);
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
        if (consent != null && !consented) {
            return;
        }
        Optional<Target> chosen = chosen();
        if (chosen.isEmpty()) {
            // The field that no longer fits says why; the badge only says nothing is connected.
            health.showNotConnected();
            return;
        }
        String serviceName = chosen.get().service();
        int replicaIndex = chosen.get().replica();
        UI target = ui;
        String id = ShellScreens.sessionId(deployment.dseq(), serviceName, replicaIndex);
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
                serviceName,
                replicaIndex,
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
                (StreamStatus status) -> target.access(() -> {
                    health.show(status);
                    if (status.closed()) {
                        // A shell that ended may have lost its service or replica to a new manifest version: say so
                        // on the field rather than only in the provider's words.
                        chosen();
                    }
                }));
    }

    /**
     * The service and replica chosen, checked against the manifest in force (read again now); empty when one of them is
     * missing from it, and that field then says so.
     */
    Optional<Target> chosen() {
        offer(manifestServices.get());
        if (service.getValue() == null) {
            if (!service.isInvalid()) {
                fieldError(
                        service,
                        replicasByService.isEmpty()
                                ? "The manifest in force has no services to open a shell in."
                                : "Choose a service.");
            }
            return Optional.empty();
        }
        if (replica.getValue() == null) {
            if (!replica.isInvalid()) {
                fieldError(replica, "Choose a replica.");
            }
            return Optional.empty();
        }
        return Optional.of(new Target(service.getValue(), replica.getValue()));
    }

    /**
     * Offers the manifest's services and the chosen service's replicas. A choice the manifest still has is kept; one it
     * no longer has is cleared and its field says what happened (nothing else is chosen in its place behind the
     * person's back).
     */
    private void offer(List<ServiceSpec> services) {
        Map<String, Integer> now = new LinkedHashMap<>();
        services.forEach(s -> now.put(s.name(), s.count()));
        if (now.equals(replicasByService)) {
            return;
        }
        boolean first = replicasByService.isEmpty();
        String chosenService = service.getValue();
        Integer chosenReplica = replica.getValue();
        replicasByService = now;
        offering = true;
        try {
            service.setItems(List.copyOf(now.keySet()));
            if (chosenService == null && first) {
                chosenService = now.keySet().stream().findFirst().orElse(null);
                chosenReplica = 0;
            }
            if (chosenService != null && !now.containsKey(chosenService)) {
                fieldError(
                        service,
                        "The manifest in force no longer has " + chosenService + "; choose one of its services.");
                replica.setItems(List.of());
                return;
            }
            service.setValue(chosenService);
            offerReplicas();
            if (chosenReplica != null && chosenService != null) {
                int count = now.get(chosenService);
                if (chosenReplica < count) {
                    replica.setValue(chosenReplica);
                } else {
                    replica.clear();
                    fieldError(
                            replica,
                            chosenService + " now runs " + replicas(count) + "; replica " + chosenReplica
                                    + " is gone.");
                }
            }
        } finally {
            offering = false;
        }
    }

    /** The chosen service's replicas, 0 to count − 1, starting at the first. */
    private void offerReplicas() {
        boolean wasOffering = offering;
        offering = true;
        try {
            int count = service.getValue() == null ? 0 : replicasByService.getOrDefault(service.getValue(), 0);
            replica.setItems(IntStream.range(0, count).boxed().toList());
            replica.setInvalid(false);
            if (count > 0) {
                replica.setValue(0);
            }
        } finally {
            offering = wasOffering;
        }
    }

    /** "replica 0 only" or "replicas 0 to 2". */
    private static String replicas(int count) {
        return count == 1 ? "replica 0 only" : "replicas 0 to " + (count - 1);
    }

    private static void fieldError(Select<?> field, String message) {
        field.setErrorMessage(message);
        field.setInvalid(true);
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
