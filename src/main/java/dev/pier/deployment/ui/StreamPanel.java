package dev.pier.deployment.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.KeyModifier;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.server.streams.DownloadEvent;
import com.vaadin.flow.shared.Registration;
import dev.pier.base.StreamStatus;
import dev.pier.base.StreamSubscription;
import dev.pier.base.ui.BackgroundWork;
import dev.pier.base.ui.TerminalPane;
import dev.pier.deployment.DeploymentSummary;
import dev.pier.deployment.LogExport;
import dev.pier.deployment.LogFormat;
import dev.pier.deployment.LogViewProperties;
import dev.pier.shared.LeaseEvent;
import dev.pier.shared.LogLine;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A lease's logs or events in an xterm pane. Entries arrive on the stream's thread, wait in a queue, and are pushed to
 * the browser a few times a second in one write; the browser keeps the scrollback ({@code pier.logs.buffer-lines}) and
 * finds in it, so the server holds only what waits for the next push. Its health (connecting, live, reconnecting,
 * closed with the reason) is always shown, with Reconnect when it ended.
 */
class StreamPanel extends Composite<VerticalLayout> {

    static final Duration FLUSH = Duration.ofMillis(250);

    /** Starts following: entries go to {@code lines} formatted for the pane, health to {@code status}. */
    interface Feed {
        StreamSubscription follow(
                String services,
                Supplier<@Nullable LocalDate> timestamps,
                Consumer<String> lines,
                Consumer<StreamStatus> status);
    }

    /** What one push carries: the lines, how many a flood made the pane skip, and the health when it changed. */
    private record Batch(List<String> lines, int skipped, StreamStatus status, long stall) {}

    final TerminalPane pane = new TerminalPane(true);
    final StreamHealth health = new StreamHealth(e -> restart());
    final MultiSelectComboBox<String> serviceFilter = new MultiSelectComboBox<>();
    final Checkbox follow = new Checkbox("Follow", true);
    final Checkbox timestamps = new Checkbox("Timestamps", true);
    final TextField find = new TextField();
    final Checkbox matchCase = new Checkbox("Aa");
    final Checkbox regex = new Checkbox(".*");
    final Button previous = new Button("↑");
    final Button next = new Button("↓");
    /** "3 of 17", "No match", or why a pattern is not valid. */
    final Span matches = new Span();
    /** How many lines a flood made the pane skip; hidden until that happens. */
    final Span skipped = new Span();
    /** The full log from the provider (every line, not only the pane's), with its progress beside it. */
    Anchor download;

    final Span downloadProgress = new Span();
    private final HorizontalLayout toolbar;
    private final ConcurrentLinkedQueue<String> pending = new ConcurrentLinkedQueue<>();
    /** Lines waiting in {@code pending}, and those a flood pushed out of it before a push could take them. */
    private final AtomicInteger waiting = new AtomicInteger();

    private final AtomicInteger overflowed = new AtomicInteger();
    private final Feed feed;
    private final BackgroundWork work;
    private final Clock clock;
    private final int linesPerFlush;
    private long skippedTotal;
    private volatile StreamSubscription stream;
    private volatile StreamStatus lastStatus;
    private volatile boolean showTimestamps = true;
    private StreamStatus shownStatus;
    private long shownStall = -1;
    private Registration flusher;

    /**
     * Where a pane's entries come from: the lease at its provider (LeaseAccess#followLogs, a live deployment) or what
     * was kept at close (LeaseArchive#replayLogs, a closed one).
     */
    interface Source<T> {
        StreamSubscription follow(
                DeploymentSummary deployment,
                @Nullable String services,
                Consumer<T> onEntry,
                Consumer<StreamStatus> onStatus);
    }

    /** The lease's log, with the full log as a download. */
    static StreamPanel logs(
            Source<LogLine> source,
            LogExport export,
            DeploymentSummary deployment,
            BackgroundWork work,
            LogViewProperties settings,
            List<String> services,
            Clock clock) {
        StreamPanel panel = new StreamPanel(
                (chosen, timestamps, lines, status) -> source.follow(
                        deployment, chosen, line -> lines.accept(LogFormat.terminal(line, timestamps.get())), status),
                work,
                settings,
                services,
                clock);
        panel.offerDownload(
                "Download full log",
                ".log",
                deployment,
                (chosen, out, progress) -> export.writeLog(deployment, chosen, out, progress));
        return panel;
    }

    /** The lease's lifecycle events, with all of them as a download. */
    static StreamPanel events(
            Source<LeaseEvent> source,
            LogExport export,
            DeploymentSummary deployment,
            BackgroundWork work,
            LogViewProperties settings,
            List<String> services,
            Clock clock) {
        StreamPanel panel = new StreamPanel(
                (chosen, timestamps, lines, status) -> source.follow(
                        deployment, chosen, event -> lines.accept(LogFormat.terminal(event, timestamps.get())), status),
                work,
                settings,
                services,
                clock);
        panel.offerDownload(
                "Download events",
                "-events.log",
                deployment,
                (chosen, out, progress) -> export.writeEvents(deployment, chosen, out, progress));
        return panel;
    }

    private StreamPanel(
            Feed feed, BackgroundWork work, LogViewProperties settings, List<String> services, Clock clock) {
        this.clock = clock;
        this.feed = feed;
        this.work = work;
        this.linesPerFlush = (int) Math.max(1, settings.maxLinesPerSecond() * FLUSH.toMillis() / 1000);
        pane.setScrollback(settings.bufferLines());
        serviceFilter.setPlaceholder("All services");
        serviceFilter.setAriaLabel("Services");
        serviceFilter.setItems(services);
        serviceFilter.setClearButtonVisible(true);
        serviceFilter.addValueChangeListener(e -> restart());
        follow.addValueChangeListener(e -> pane.setFollow(e.getValue()));
        // Lines are formatted on the stream's thread, which must not read the checkbox itself.
        // The lines shown are formatted anew (the stream restarts with its tail), so the toggle changes them too.
        timestamps.addValueChangeListener(e -> {
            showTimestamps = e.getValue();
            restart();
        });
        find.setPlaceholder("Find");
        find.setAriaLabel("Find in the pane");
        find.setClearButtonVisible(true);
        // Finds as you type; Enter goes to the next match, Shift+Enter to the previous one, as do the arrows.
        find.setValueChangeMode(ValueChangeMode.LAZY);
        find.setValueChangeTimeout(250);
        find.addValueChangeListener(e -> find(false));
        find.addKeyDownListener(Key.ENTER, e -> find(e.getModifiers().contains(KeyModifier.SHIFT)));
        matchCase.addValueChangeListener(e -> find(false));
        regex.addValueChangeListener(e -> find(false));
        previous.addClickListener(e -> find(true));
        next.addClickListener(e -> find(false));
        previous.setAriaLabel("Previous match");
        next.setAriaLabel("Next match");
        previous.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        next.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        matchCase.setTooltipText("Match case");
        regex.setTooltipText("Regular expression");
        matches.setId("find-result");
        skipped.setVisible(false);
        skipped.getElement().getThemeList().add("badge contrast");
        HorizontalLayout finder = new HorizontalLayout(find, matchCase, regex, previous, next, matches);
        finder.setAlignItems(FlexComponent.Alignment.BASELINE);
        finder.setSpacing(false);
        finder.setWrap(true);
        finder.getStyle().set("gap", "var(--lumo-space-xs)");
        toolbar = new HorizontalLayout(serviceFilter, follow, timestamps, finder, health, skipped);
        // On a phone the tools wrap onto more lines instead of running off the screen.
        toolbar.setWrap(true);
        toolbar.setAlignItems(FlexComponent.Alignment.BASELINE);
        toolbar.setWidthFull();
        pane.setHeight("60vh");
        getContent().setPadding(false);
        getContent().add(toolbar, pane);
    }

    /** Finds the text of the Find field in what the pane shows, and says where the match is. */
    private void find(boolean backwards) {
        String text = find.getValue();
        pane.find(text, matchCase.getValue(), regex.getValue(), backwards, found -> {
            if (text.isEmpty()) {
                matches.setText("");
            } else if (!found.error().isEmpty()) {
                matches.setText("Not a valid pattern: " + found.error());
            } else if (found.count() == 0) {
                matches.setText("No match");
            } else {
                matches.setText(found.index() + " of " + found.count());
            }
        });
    }

    /** Writes a whole stream (of the services chosen, null for all) as text; returns the lines written. */
    private interface Export {
        long write(@Nullable String services, OutputStream out, LongConsumer progress) throws IOException;
    }

    private void offerDownload(String label, String fileSuffix, DeploymentSummary deployment, Export export) {
        download = new Anchor((DownloadEvent event) -> download(export, deployment, fileSuffix, event), label);
        download.setId("download-log");
        download.getElement().setAttribute("download", "");
        downloadProgress.setId("download-progress");
        toolbar.add(download, downloadProgress);
    }

    @Override
    protected void onAttach(AttachEvent event) {
        start();
        flusher = work.every(this, FLUSH, this::nextBatch, this::show, failure -> {});
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (flusher != null) {
            flusher.remove();
        }
        stop();
    }

    private void start() {
        stream = feed.follow(
                chosenServices(),
                () -> showTimestamps ? LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC) : null,
                this::arrived,
                status -> lastStatus = status);
    }

    /** Keeps at most one push's worth of lines waiting: a flood costs the server no more than that. */
    private void arrived(String line) {
        pending.add(line);
        if (waiting.incrementAndGet() > linesPerFlush && pending.poll() != null) {
            waiting.decrementAndGet();
            overflowed.incrementAndGet();
        }
    }

    private void stop() {
        StreamSubscription current = stream;
        stream = null;
        if (current != null) {
            current.remove();
        }
    }

    private void restart() {
        stop();
        pending.clear();
        waiting.set(0);
        overflowed.set(0);
        pane.clear();
        start();
    }

    /**
     * Takes every entry that arrived since the last push, plus the health when it changed; null when there is nothing
     * to push. A flood beyond {@code pier.logs.max-lines-per-second} keeps the newest lines and counts the others, so
     * the pane stays current instead of falling ever further behind.
     */
    Batch nextBatch() {
        List<String> added = new ArrayList<>();
        for (String line; (line = pending.poll()) != null; ) {
            waiting.decrementAndGet();
            added.add(line);
        }
        int over = Math.max(0, added.size() - linesPerFlush) + overflowed.getAndSet(0);
        if (added.size() > linesPerFlush) {
            added = added.subList(added.size() - linesPerFlush, added.size());
        }
        StreamSubscription current = stream;
        long stall = current == null
                ? -1
                : current.stalledFor().map(Duration::toSeconds).orElse(-1L);
        StreamStatus status = lastStatus;
        boolean healthChanged = (status != null && status != shownStatus) || stall != shownStall;
        if (added.isEmpty() && !healthChanged) {
            return null;
        }
        shownStatus = status;
        shownStall = stall;
        return new Batch(added, over, healthChanged ? status : null, stall);
    }

    private void show(Batch batch) {
        if (batch == null) {
            return;
        }
        StringBuilder text = new StringBuilder();
        if (batch.skipped() > 0) {
            skippedTotal += batch.skipped();
            skipped.setText(String.format("%,d lines skipped to keep up (Download has them)", skippedTotal));
            skipped.setVisible(true);
            text.append("\u001b[33m[")
                    .append(batch.skipped())
                    .append(" lines skipped to keep up; Download has every line]\u001b[0m\r\n");
        }
        batch.lines().forEach(line -> text.append(line).append("\r\n"));
        if (!text.isEmpty()) {
            pane.write(text.toString());
        }
        if (batch.stall() >= 0) {
            health.showStalled(batch.stall());
        } else if (batch.status() != null) {
            health.show(batch.status());
        }
    }

    /**
     * Streams the whole log or event history (of the services filtered for) to the browser, showing lines as they go.
     */
    private void download(Export export, DeploymentSummary deployment, String fileSuffix, DownloadEvent event)
            throws IOException {
        String services = chosenServices();
        event.setFileName("deployment-" + deployment.dseq() + (services == null ? "" : "-" + services.replace(',', '+'))
                + fileSuffix);
        event.setContentType("text/plain;charset=UTF-8");
        UI ui = event.getUI();
        ui.access(() -> downloadProgress.setText("Downloading…"));
        try {
            long lines = export.write(
                    services,
                    event.getOutputStream(),
                    count -> ui.access(() -> downloadProgress.setText(String.format("Downloading… %,d lines", count))));
            ui.access(() -> downloadProgress.setText(String.format("Downloaded %,d lines.", lines)));
        } catch (IOException | RuntimeException e) {
            ui.access(() -> downloadProgress.setText("The download stopped before the end. Press Download again."));
            throw e;
        }
    }

    /** The services chosen in the filter as the provider's comma list, or null for all of them. */
    private String chosenServices() {
        return serviceFilter.getValue().isEmpty() ? null : String.join(",", new TreeSet<>(serviceFilter.getValue()));
    }
}
