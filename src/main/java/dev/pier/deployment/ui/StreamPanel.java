package dev.pier.deployment.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import dev.pier.base.ui.TerminalPane;
import dev.pier.deployment.DeploymentService;
import dev.pier.deployment.DeploymentSummary;
import dev.pier.deployment.LogViewProperties;
import dev.pier.provider.client.LeaseStream;
import dev.pier.provider.client.StreamStatus;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import org.springframework.scheduling.TaskScheduler;

/**
 * A lease's logs or events in an xterm pane. Entries arrive on the stream's thread, wait in a queue, and are pushed
 * to the browser a few times a second in one write; the panel keeps the last {@code maxLines} (for find and
 * download) and never more. Its health (connecting, live, reconnecting, closed with the reason) is always shown,
 * with Reconnect when it ended.
 */
class StreamPanel extends Composite<VerticalLayout> {

    static final Duration FLUSH = Duration.ofMillis(250);

    final TerminalPane pane = new TerminalPane(true);
    final StreamHealth health = new StreamHealth(e -> restart());
    final com.vaadin.flow.component.combobox.MultiSelectComboBox<String> serviceFilter =
            new com.vaadin.flow.component.combobox.MultiSelectComboBox<>();
    final Checkbox follow = new Checkbox("Follow", true);
    final Checkbox timestamps = new Checkbox("Timestamps", true);
    final TextField find = new TextField();
    /** How many lines a flood made the pane skip; hidden until that happens. */
    final com.vaadin.flow.component.html.Span skipped = new com.vaadin.flow.component.html.Span();
    private long skippedTotal;
    /** The full log from the provider (every line, not only the pane's), with its progress beside it. */
    com.vaadin.flow.component.html.Anchor download;
    final com.vaadin.flow.component.html.Span downloadProgress = new com.vaadin.flow.component.html.Span();
    final ArrayDeque<String> kept = new ArrayDeque<>();
    private final ConcurrentLinkedQueue<String> pending = new ConcurrentLinkedQueue<>();
    private final DeploymentService deployments;
    private final DeploymentSummary deployment;
    private final String what;
    private final TaskScheduler scheduler;
    private final int maxLines;
    private final int linesPerFlush;
    private volatile LeaseStream<JsonNode> stream;
    private ScheduledFuture<?> flusher;
    private volatile StreamStatus lastStatus;
    private volatile boolean showTimestamps = true;
    private StreamStatus shownStatus;
    private long shownStall = -1;

    StreamPanel(DeploymentService deployments, DeploymentSummary deployment, String what, TaskScheduler scheduler,
                LogViewProperties settings, List<String> services) {
        this.deployments = deployments;
        this.deployment = deployment;
        this.what = what;
        this.scheduler = scheduler;
        this.maxLines = settings.bufferLines();
        this.linesPerFlush = (int) Math.max(1, settings.maxLinesPerSecond() * FLUSH.toMillis() / 1000);
        pane.setScrollback(maxLines);
        serviceFilter.setPlaceholder("All services");
        serviceFilter.setAriaLabel("Services");
        serviceFilter.setItems(services);
        serviceFilter.setClearButtonVisible(true);
        serviceFilter.addValueChangeListener(e -> restart());
        follow.addValueChangeListener(e -> pane.setFollow(e.getValue()));
        // Lines are formatted on the stream's thread, which must not read the checkbox itself.
        timestamps.addValueChangeListener(e -> showTimestamps = e.getValue());
        find.setPlaceholder("Find");
        find.addValueChangeListener(e -> pane.find(e.getValue()));
        skipped.setVisible(false);
        skipped.getElement().getThemeList().add("badge contrast");
        HorizontalLayout toolbar = new HorizontalLayout(serviceFilter, follow, timestamps, find, health, skipped);
        if ("logs".equals(what)) {
            download = new com.vaadin.flow.component.html.Anchor(this::downloadLog, "Download full log");
            download.setId("download-log");
            download.getElement().setAttribute("download", "");
            downloadProgress.setId("download-progress");
            toolbar.add(download, downloadProgress);
        }
        toolbar.setAlignItems(FlexComponent.Alignment.BASELINE);
        toolbar.setWidthFull();
        pane.setHeight("60vh");
        getContent().setPadding(false);
        getContent().add(toolbar, pane);
    }

    @Override
    protected void onAttach(AttachEvent event) {
        UI ui = event.getUI();
        start();
        flusher = scheduler.scheduleWithFixedDelay(() -> flush(ui), FLUSH);
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (flusher != null) {
            flusher.cancel(false);
        }
        stop();
    }

    private void start() {
        String services = chosenServices();
        stream = deployments.follow(deployment, what, new LeaseStream.Request(true, 1000, services),
                entry -> pending.add(format(entry)), status -> lastStatus = status);
    }

    private void stop() {
        if (stream != null) {
            stream.close();
            stream = null;
        }
    }

    private void restart() {
        stop();
        pending.clear();
        synchronized (kept) {
            kept.clear();
        }
        pane.clear();
        start();
    }

    /**
     * One batched push: every entry that arrived since the last one, in a single write, plus the health when it
     * changed. A flood beyond {@code pier.logs.max-lines-per-second} keeps the newest lines and says how many it
     * skipped, so the pane stays current instead of falling ever further behind.
     */
    void flush(UI ui) {
        List<String> added = new java.util.ArrayList<>();
        for (String line; (line = pending.poll()) != null; ) {
            added.add(line);
        }
        int over = Math.max(0, added.size() - linesPerFlush);
        if (over > 0) {
            added = added.subList(over, added.size());
        }
        StringBuilder batch = new StringBuilder();
        if (over > 0) {
            batch.append("\u001b[33m[").append(over).append(" lines skipped to keep up; Download has every line]\u001b[0m\r\n");
        }
        added.forEach(line -> batch.append(line).append("\r\n"));
        LeaseStream<JsonNode> current = stream;
        long stall = current == null ? -1 : current.stalledFor().map(Duration::toSeconds).orElse(-1L);
        StreamStatus status = lastStatus;
        boolean statusChanged = status != null && status != shownStatus;
        boolean stallChanged = stall != shownStall;
        if (batch.isEmpty() && !statusChanged && !stallChanged) {
            return;
        }
        shownStatus = status;
        shownStall = stall;
        List<String> lines = added;
        int dropped = over;
        ui.access(() -> {
            if (dropped > 0) {
                skippedTotal += dropped;
                this.skipped.setText(String.format("%,d lines skipped to keep up (Download has them)", skippedTotal));
                this.skipped.setVisible(true);
            }
            synchronized (kept) {
                kept.addAll(lines);
                while (kept.size() > maxLines) {
                    kept.removeFirst();
                }
            }
            pane.write(batch.toString());
            if (stall >= 0) {
                health.showStalled(stall);
            } else if (status != null && (statusChanged || stallChanged)) {
                health.show(status);
            }
        });
    }

    private String format(JsonNode entry) {
        String when = showTimestamps ? "\u001b[2m" + timeOfDay(entry.path("ts").asText()) + "\u001b[0m " : "";
        String who = "\u001b[36m" + entry.path("service").asText() + "-" + entry.path("replica").asInt() + "\u001b[0m ";
        if ("events".equals(what)) {
            String code = entry.hasNonNull("exitCode") ? " (exit code " + entry.get("exitCode").asInt() + ")" : "";
            return when + who + "\u001b[1m" + entry.path("type").asText() + "\u001b[0m " + entry.path("message").asText() + code;
        }
        String message = entry.path("message").asText();
        if ("system".equals(entry.path("stream").asText())) {
            // The provider's own note in the log, e.g. a replica's exit code before its restart.
            return when + who + "\u001b[1;33m── " + message + " ──\u001b[0m";
        }
        return when + who + ("stderr".equals(entry.path("stream").asText()) ? "\u001b[31m" + message + "\u001b[0m" : message);
    }

    private static final java.time.format.DateTimeFormatter TIME = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
            .withZone(java.time.ZoneOffset.UTC);

    /** Time of day in UTC with milliseconds: the date is the same for nearly every line on screen. */
    static String timeOfDay(String timestamp) {
        try {
            return TIME.format(java.time.Instant.parse(timestamp));
        } catch (java.time.format.DateTimeParseException e) {
            return timestamp;
        }
    }

    /** Streams the provider's full log (of the services filtered for) to the browser, showing lines as they go. */
    private void downloadLog(com.vaadin.flow.server.streams.DownloadEvent event) throws java.io.IOException {
        String services = chosenServices();
        event.setFileName("deployment-" + deployment.dseq() + (services == null ? "" : "-" + services.replace(',', '+')) + ".log");
        event.setContentType("text/plain;charset=UTF-8");
        UI ui = event.getUI();
        ui.access(() -> downloadProgress.setText("Downloading…"));
        try {
            long lines = deployments.writeLog(deployment, services, event.getOutputStream(),
                    count -> ui.access(() -> downloadProgress.setText(String.format("Downloading… %,d lines", count))));
            ui.access(() -> downloadProgress.setText(String.format("Downloaded %,d lines.", lines)));
        } catch (java.io.IOException | RuntimeException e) {
            ui.access(() -> downloadProgress.setText("The download stopped: " + e.getMessage() + ". Press Download again."));
            throw e;
        }
    }

    /** The services chosen in the filter as the provider's comma list, or null for all of them. */
    private String chosenServices() {
        return serviceFilter.getValue().isEmpty() ? null : String.join(",", new java.util.TreeSet<>(serviceFilter.getValue()));
    }

    /** The lines kept for find and download, oldest first. */
    List<String> keptLines() {
        synchronized (kept) {
            return List.copyOf(kept);
        }
    }
}
