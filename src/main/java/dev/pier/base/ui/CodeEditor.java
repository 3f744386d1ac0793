package dev.pier.base.ui;

import com.vaadin.flow.component.AbstractSinglePropertyField;
import com.vaadin.flow.component.HasSize;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;
import elemental.json.Json;
import elemental.json.JsonArray;
import java.util.List;

/**
 * A plain-text editor with line numbers (frontend/pier-code-editor.ts) for the manifest's YAML: validation marks the
 * lines it names in the gutter, and its message shows under the text.
 */
@Tag("pier-code-editor")
@JsModule("./pier-code-editor.ts")
public class CodeEditor extends AbstractSinglePropertyField<CodeEditor, String> implements HasSize {

    private List<Integer> errorLines = List.of();

    public CodeEditor(String label) {
        super("value", "", false);
        getElement().setProperty("label", label);
        setWidthFull();
    }

    public void setHelperText(String text) {
        getElement().setProperty("helperText", text == null ? "" : text);
    }

    /** Marks the editor invalid with a message under it; an empty message leaves only the marked lines. */
    public void setInvalid(boolean invalid) {
        getElement().setProperty("invalid", invalid);
    }

    public boolean isInvalid() {
        return getElement().getProperty("invalid", false);
    }

    public void setErrorMessage(String message) {
        getElement().setProperty("errorMessage", message == null ? "" : message);
    }

    public String getErrorMessage() {
        return getElement().getProperty("errorMessage", "");
    }

    /** The 1-based lines to mark in the gutter (those named by validation errors); empty clears them. */
    public void setErrorLines(List<Integer> lines) {
        errorLines = List.copyOf(lines);
        JsonArray array = Json.createArray();
        for (int i = 0; i < errorLines.size(); i++) {
            array.set(i, errorLines.get(i));
        }
        getElement().setPropertyJson("errorLines", array);
    }

    public List<Integer> getErrorLines() {
        return errorLines;
    }

    /** Height of the text area (CSS length); the gutter follows it. */
    public void setEditorHeight(String height) {
        getElement().getStyle().set("--pier-editor-height", height);
    }
}
