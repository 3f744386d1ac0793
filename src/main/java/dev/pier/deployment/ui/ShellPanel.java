package dev.pier.deployment.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.server.VaadinSession;
import dev.pier.base.terminal.TerminalChannel;
import dev.pier.base.terminal.TerminalChannels;
import dev.pier.base.ui.TerminalPane;
import dev.pier.deployment.DeploymentService;
import dev.pier.deployment.DeploymentSummary;
import dev.pier.provider.client.RotatingShellSession;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import org.springframework.scheduling.TaskScheduler;

/**
 * A terminal into a replica. Its PTY session id is kept in the browser session, so reopening the tab or reloading
 * the page within the provider's grace period re-attaches to the same program (and shows what it printed meanwhile).
 * The terminal fits its container and passes its size to the PTY, so full-screen programs get the right size.
 */
class ShellPanel extends Composite<VerticalLayout> {

    final TerminalPane pane = new TerminalPane(false);
    final TextField service = new TextField("Service");
    final IntegerField replica = new IntegerField("Replica");
    final StreamHealth health = new StreamHealth(e -> restart());
    private StringBuffer recentOutput = new StringBuffer();
    final TextField filePath = new TextField("Download a file from the service");
    final com.vaadin.flow.component.button.Button downloadFile = new com.vaadin.flow.component.button.Button("Download file",
            e -> downloadFile());
    final com.vaadin.flow.component.html.Span fileProgress = new com.vaadin.flow.component.html.Span();
    /** Clicked from the server once the path is valid: the browser then fetches the file as a download. */
    private final com.vaadin.flow.component.html.Anchor fileLink = new com.vaadin.flow.component.html.Anchor();
    private final DeploymentService deployments;
    private final DeploymentSummary deployment;
    private final TerminalChannels terminals;
    private final String username;
    private final TaskScheduler scheduler;
    private ScheduledFuture<?> stallWatch;
    private long shownStall = -1;
    private volatile RotatingShellSession session;
    private TerminalChannel channel;
    private UI ui;

    ShellPanel(DeploymentService deployments, TerminalChannels terminals, String username, DeploymentSummary deployment,
               String firstService, TaskScheduler scheduler) {
        this.deployments = deployments;
        this.scheduler = scheduler;
        this.terminals = terminals;
        this.username = username;
        this.deployment = deployment;
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
            if (session != null) {
                session.resize(e.columns(), e.rows());
            }
        });
        pane.setHeight("60vh");
        com.vaadin.flow.component.button.Button smaller = new com.vaadin.flow.component.button.Button("A−",
                e -> pane.setFontSize(Math.max(8, pane.getFontSize() - 1)));
        com.vaadin.flow.component.button.Button larger = new com.vaadin.flow.component.button.Button("A+",
                e -> pane.setFontSize(Math.min(32, pane.getFontSize() + 1)));
        smaller.setAriaLabel("Smaller font");
        larger.setAriaLabel("Larger font");
        smaller.setId("font-smaller");
        larger.setId("font-larger");
        HorizontalLayout toolbar = new HorizontalLayout(service, replica, health, smaller, larger);
        toolbar.setAlignItems(FlexComponent.Alignment.BASELINE);
        filePath.setPlaceholder("/etc/hostname, or a path from the working directory");
        filePath.setWidth("28em");
        filePath.setId("file-path");
        downloadFile.setId("download-file");
        fileProgress.setId("file-progress");
        // Hidden by style, not setVisible(false): Vaadin sends nothing of an invisible component to the browser.
        fileLink.getStyle().set("display", "none");
        fileLink.getElement().setAttribute("download", "");
        HorizontalLayout files = new HorizontalLayout(filePath, downloadFile, fileProgress, fileLink);
        files.setAlignItems(FlexComponent.Alignment.BASELINE);
        getContent().setPadding(false);
        getContent().add(toolbar, pane, files);
    }

    @Override
    protected void onAttach(AttachEvent event) {
        ui = event.getUI();
        start();
        UI target = ui;
        stallWatch = scheduler.scheduleWithFixedDelay(() -> watchStall(target), java.time.Duration.ofSeconds(1));
    }

    /** Shows "stalled for N s" while the provider is silent (no output, no pong), and the status again after. */
    private void watchStall(UI target) {
        RotatingShellSession current = session;
        long stall = current == null ? -1 : current.stalledFor().map(java.time.Duration::toSeconds).orElse(-1L);
        if (stall == shownStall) {
            return;
        }
        shownStall = stall;
        target.access(() -> {
            if (stall >= 0) {
                health.showStalled(stall);
            } else if (current != null && current.status() != null) {
                health.show(current.status());
            }
        });
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (stallWatch != null) {
            stallWatch.cancel(false);
        }
        // Closing the connection leaves the program running on the provider for the grace period.
        stop();
    }

    private void start() {
        if (service.getValue().isBlank()) {
            return;
        }
        UI target = ui;
        String id = sessionId();
        recentOutput = screenOf(id);
        String replay = recentOutput();
        if (!replay.isEmpty()) {
            // A reloaded page or a reopened tab shows the recent screen of the shell it re-attaches to.
            pane.write(replay);
        }
        // Keystrokes and output take the terminal socket; the Vaadin path stays as the fallback.
        TerminalChannel opened = terminals.open(username, this::type,
                bytes -> target.access(() -> pane.write(new String(bytes, StandardCharsets.UTF_8))));
        channel = opened;
        pane.setSocket(opened.path());
        session = deployments.shell(deployment, service.getValue(), replica.getValue() == null ? 0 : replica.getValue(), id,
                new RotatingShellSession.Listener() {
                    @Override
                    public void onOutput(byte[] bytes) {
                        remember(new String(bytes, StandardCharsets.UTF_8));
                        opened.output(bytes);
                    }

                    @Override
                    public void onExit(int exitCode) {
                        opened.output(("\r\n[the program exited with code " + exitCode + "]\r\n").getBytes(StandardCharsets.UTF_8));
                    }
                }, status -> target.access(() -> health.show(status)));
    }

    /** Checks the path, then lets the browser fetch the file from the replica shown, with progress beside it. */
    private void downloadFile() {
        String path = filePath.getValue().trim();
        if (path.isEmpty()) {
            filePath.setErrorMessage("Enter the path of a file in the service, e.g. /etc/hostname or out/report.txt.");
            filePath.setInvalid(true);
            return;
        }
        filePath.setInvalid(false);
        String from = service.getValue();
        int index = replica.getValue() == null ? 0 : replica.getValue();
        fileProgress.setText("Starting the download…");
        fileLink.setHref((com.vaadin.flow.server.streams.DownloadEvent event) -> {
            UI target = event.getUI();
            event.setFileName(path.substring(path.lastIndexOf('/') + 1).isEmpty() ? "file" : path.substring(path.lastIndexOf('/') + 1));
            try {
                long bytes = deployments.downloadFile(deployment, from, index, path, event.getOutputStream(),
                        copied -> target.access(() -> fileProgress.setText(String.format("Downloading %s… %,d bytes", path, copied))));
                target.access(() -> fileProgress.setText(String.format("Downloaded %s (%,d bytes).", path, bytes)));
            } catch (RuntimeException | java.io.IOException e) {
                String why = dev.pier.provider.client.ProviderErrors.classify(e, deployment.provider()).text();
                target.access(() -> fileProgress.setText("Could not download " + path + ": " + why));
                event.getResponse().setStatus(404);
            }
        });
        fileLink.getElement().executeJs("this.click()");
    }

    private void type(String data) {
        RotatingShellSession current = session;
        if (current != null) {
            current.send(data);
        }
    }

    private void stop() {
        if (session != null) {
            session.close();
            session = null;
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

    /** One PTY per deployment, service and replica per browser session. */
    private String sessionId() {
        String key = "pier.shell." + deployment.dseq() + "." + service.getValue() + "." + replica.getValue();
        var wrapped = VaadinSession.getCurrent().getSession();
        Object id = wrapped.getAttribute(key);
        if (id == null) {
            id = UUID.randomUUID().toString();
            wrapped.setAttribute(key, id);
        }
        return (String) id;
    }

    /** The recent output of a PTY session, kept in the browser session so a new terminal can replay it. */
    private static StringBuffer screenOf(String sessionId) {
        var wrapped = VaadinSession.getCurrent().getSession();
        String key = "pier.shell.screen." + sessionId;
        Object screen = wrapped.getAttribute(key);
        if (!(screen instanceof StringBuffer buffer)) {
            StringBuffer fresh = new StringBuffer();
            wrapped.setAttribute(key, fresh);
            return fresh;
        }
        return buffer;
    }

    private void remember(String text) {
        synchronized (recentOutput) {
            recentOutput.append(text);
            if (recentOutput.length() > 64_000) {
                recentOutput.delete(0, recentOutput.length() - 64_000);
            }
        }
    }

    /** The recent output, as the terminal got it (for tests and screen readers). */
    String recentOutput() {
        synchronized (recentOutput) {
            return recentOutput.toString();
        }
    }

}
