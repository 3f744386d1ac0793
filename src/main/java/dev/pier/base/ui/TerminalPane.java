package dev.pier.base.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.DomEvent;
import com.vaadin.flow.component.EventData;
import com.vaadin.flow.component.HasSize;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;
import com.vaadin.flow.component.dependency.NpmPackage;
import com.vaadin.flow.shared.Registration;
import elemental.json.JsonObject;
import elemental.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * An xterm.js pane (frontend/pier-terminal.ts) for log and event streams and for shells. Text goes in as terminal data:
 * ANSI colours are kept and nothing is interpreted as HTML. Callers batch what they write: a few calls a second, never
 * one per line.
 */
@Tag("pier-terminal")
@NpmPackage(value = "@xterm/xterm", version = "6.0.0")
@NpmPackage(value = "@xterm/addon-fit", version = "0.11.0")
@NpmPackage(value = "@xterm/addon-search", version = "0.16.0")
@JsModule("./pier-terminal.ts")
public class TerminalPane extends Component implements HasSize {

    /** The terminal's size changed (it fits its container); a shell passes it on to the PTY. */
    @DomEvent("terminal-resize")
    public static class ResizeEvent extends ComponentEvent<TerminalPane> {
        private final int columns;
        private final int rows;

        public ResizeEvent(
                TerminalPane source,
                boolean fromClient,
                @EventData("event.detail.cols") int columns,
                @EventData("event.detail.rows") int rows) {
            super(source, fromClient);
            this.columns = columns;
            this.rows = rows;
        }

        public int columns() {
            return columns;
        }

        public int rows() {
            return rows;
        }
    }

    /** Keystrokes or pasted text typed into the terminal (xterm's onData, so IME and paste work). */
    @DomEvent("terminal-data")
    public static class DataEvent extends ComponentEvent<TerminalPane> {
        private final String data;

        public DataEvent(TerminalPane source, boolean fromClient, @EventData("event.detail.data") String data) {
            super(source, fromClient);
            this.data = data;
        }

        public String data() {
            return data;
        }
    }

    /** The terminal socket could not be opened or dropped; typed data now comes as {@link DataEvent}s. */
    @DomEvent("terminal-socket-closed")
    public static class SocketClosedEvent extends ComponentEvent<TerminalPane> {
        public SocketClosedEvent(TerminalPane source, boolean fromClient) {
            super(source, fromClient);
        }
    }

    private long writes;
    private final List<Consumer<String>> writeListeners = new ArrayList<>();

    public TerminalPane(boolean readOnly) {
        getElement().setProperty("readOnly", readOnly);
        setWidthFull();
    }

    /** Appends terminal data; use "\r\n" for new lines. */
    public void write(String text) {
        if (!text.isEmpty()) {
            writes++;
            getElement().callJsFunction("write", text);
            writeListeners.forEach(listener -> listener.accept(text));
        }
    }

    /** Font size in pixels; the terminal refits, and a shell's PTY gets the new size. */
    public void setFontSize(int pixels) {
        getElement().setProperty("fontSize", pixels);
    }

    /** Whether the pane sticks to the bottom as lines arrive (off: the view stays where the reader scrolled). */
    public void setFollow(boolean follow) {
        getElement().setProperty("follow", follow);
    }

    public boolean isFollow() {
        return getElement().getProperty("follow", true);
    }

    /** Lines the browser keeps in the terminal's scrollback. */
    public void setScrollback(int lines) {
        getElement().setProperty("scrollback", lines);
    }

    public int getFontSize() {
        return getElement().getProperty("fontSize", 13);
    }

    /**
     * Connects the terminal to a console terminal socket (a {@code TerminalChannel}'s path): typed data and output then
     * skip Vaadin's round trip. Without one, or when it drops, typed data comes as {@link DataEvent}s.
     */
    public void setSocket(String path) {
        getElement().setProperty("socket", path == null ? "" : path);
    }

    public void clear() {
        getElement().callJsFunction("clear");
    }

    /**
     * What a find found: the active match (from 1) of {@code count}, 0 of 0 for none, or why the pattern is invalid.
     */
    public record FindResult(int index, int count, String error) {}

    /**
     * Selects the next match of {@code text} in the browser's scrollback (the previous one when {@code backwards}),
     * highlights all of them, and reports to {@code result} when the browser answers.
     */
    public void find(
            String text, boolean caseSensitive, boolean regex, boolean backwards, Consumer<FindResult> result) {
        getElement()
                .callJsFunction("find", text, caseSensitive, regex, backwards)
                .then(
                        JsonValue.class,
                        value -> {
                            if (value instanceof JsonObject found) {
                                result.accept(new FindResult(
                                        (int) found.getNumber("index"),
                                        (int) found.getNumber("count"),
                                        found.hasKey("error") ? found.getString("error") : ""));
                            }
                        },
                        error -> result.accept(new FindResult(0, 0, "")));
    }

    /**
     * Hears every write as it goes to the browser, which keeps the text: the server keeps none of it (tests and mirrors
     * for assistive tools listen here).
     */
    public Registration addWriteListener(Consumer<String> listener) {
        writeListeners.add(listener);
        return () -> writeListeners.remove(listener);
    }

    public int getScrollback() {
        return getElement().getProperty("scrollback", 0);
    }

    /** How many write calls went to the browser (batching keeps this far below the number of lines). */
    public long writes() {
        return writes;
    }

    public Registration addDataListener(ComponentEventListener<DataEvent> listener) {
        return addListener(DataEvent.class, listener);
    }

    public Registration addSocketClosedListener(ComponentEventListener<SocketClosedEvent> listener) {
        return addListener(SocketClosedEvent.class, listener);
    }

    public Registration addResizeListener(ComponentEventListener<ResizeEvent> listener) {
        return addListener(ResizeEvent.class, listener);
    }
}
