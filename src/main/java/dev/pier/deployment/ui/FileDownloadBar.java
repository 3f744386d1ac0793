package dev.pier.deployment.ui;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.server.streams.DownloadEvent;
import dev.pier.deployment.DeploymentSummary;
import dev.pier.deployment.LeaseAccess;
import dev.pier.deployment.ProviderProblem;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Supplier;

/** Downloads a file from the replica a shell shows, with progress beside it. */
class FileDownloadBar extends Composite<HorizontalLayout> {

    final TextField filePath = new TextField("Download a file from the service");
    final Button downloadFile = new Button("Download file", e -> download());
    final Span fileProgress = new Span();
    /** Clicked from the server once the path is valid: the browser then fetches the file as a download. */
    private final Anchor fileLink = new Anchor();

    private final LeaseAccess leases;
    private final DeploymentSummary deployment;
    /** The shell's service and replica; empty when they no longer fit the manifest (their fields then say why). */
    private final Supplier<Optional<ShellPanel.Target>> chosen;

    FileDownloadBar(LeaseAccess leases, DeploymentSummary deployment, Supplier<Optional<ShellPanel.Target>> chosen) {
        this.leases = leases;
        this.deployment = deployment;
        this.chosen = chosen;
        filePath.setPlaceholder("/etc/hostname, or a path from the working directory");
        // Never wider than the screen: at phone width the button and the progress wrap under the path.
        filePath.setWidth("min(28em, 100%)");
        filePath.setId("file-path");
        downloadFile.setId("download-file");
        fileProgress.setId("file-progress");
        // Hidden by style, not setVisible(false): Vaadin sends nothing of an invisible component to the browser.
        fileLink.getStyle().set("display", "none");
        fileLink.getElement().setAttribute("download", "");
        getContent().add(filePath, downloadFile, fileProgress, fileLink);
        getContent().setAlignItems(FlexComponent.Alignment.BASELINE);
        getContent().setWrap(true);
        getContent().setWidthFull();
    }

    /** Checks the path, then lets the browser fetch the file from the replica shown. */
    private void download() {
        String path = filePath.getValue().trim();
        if (path.isEmpty()) {
            filePath.setErrorMessage("Enter the path of a file in the service, e.g. /etc/hostname or out/report.txt.");
            filePath.setInvalid(true);
            return;
        }
        filePath.setInvalid(false);
        Optional<ShellPanel.Target> target = chosen.get();
        if (target.isEmpty()) {
            fileProgress.setText("Choose a service and a replica above first.");
            return;
        }
        String from = target.get().service();
        int index = target.get().replica();
        fileProgress.setText("Starting the download…");
        fileLink.setHref((DownloadEvent event) -> {
            UI ui = event.getUI();
            String name = path.substring(path.lastIndexOf('/') + 1);
            event.setFileName(name.isEmpty() ? "file" : name);
            try {
                long bytes = leases.downloadFile(
                        deployment,
                        from,
                        index,
                        path,
                        event.getOutputStream(),
                        copied -> ui.access(
                                () -> fileProgress.setText(String.format("Downloading %s… %,d bytes", path, copied))));
                ui.access(() -> fileProgress.setText(String.format("Downloaded %s (%,d bytes).", path, bytes)));
            } catch (RuntimeException | IOException e) {
                String why = ProviderProblem.text(e, deployment.provider());
                ui.access(() -> fileProgress.setText("Could not download " + path + ": " + why));
                event.getResponse().setStatus(404);
            }
        });
        fileLink.getElement().executeJs("this.click()");
    }
}
