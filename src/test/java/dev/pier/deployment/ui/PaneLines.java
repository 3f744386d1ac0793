package dev.pier.deployment.ui;

import dev.pier.base.ui.TerminalPane;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The lines written to a terminal pane since it was watched, and each write's size (the browser keeps the text). */
final class PaneLines {

    private final List<String> lines = new ArrayList<>();
    private final List<Integer> linesPerWrite = new ArrayList<>();

    private PaneLines(TerminalPane pane) {
        pane.addWriteListener(text -> {
            List<String> written =
                    Arrays.stream(text.split("\r\n")).filter(l -> !l.isEmpty()).toList();
            synchronized (this) {
                lines.addAll(written);
                linesPerWrite.add(written.size());
            }
        });
    }

    static PaneLines of(TerminalPane pane) {
        return new PaneLines(pane);
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    synchronized int largestWrite() {
        return linesPerWrite.stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    synchronized int writes() {
        return linesPerWrite.size();
    }
}
