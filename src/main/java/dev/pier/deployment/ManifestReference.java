package dev.pier.deployment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.springframework.stereotype.Component;

/**
 * The manifest reference (docs/manifest.md, packaged with the console) as HTML, rendered once. Raw HTML in the text is
 * escaped and link targets sanitised, so the page can only ever show text, tables and code.
 */
@Component
public class ManifestReference {

    private final String html;

    ManifestReference() {
        try (InputStream in = ManifestReference.class.getResourceAsStream("/docs/manifest.md")) {
            if (in == null) {
                throw new IllegalStateException("docs/manifest.md is missing from the console's classpath");
            }
            String markdown = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            var extensions = List.of(TablesExtension.create());
            Parser parser = Parser.builder().extensions(extensions).build();
            HtmlRenderer renderer = HtmlRenderer.builder()
                    .extensions(extensions)
                    .escapeHtml(true)
                    .sanitizeUrls(true)
                    .build();
            this.html =
                    "<article class=\"manifest-reference\">" + renderer.render(parser.parse(markdown)) + "</article>";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One {@code <article>} element holding the whole reference. */
    public String html() {
        return html;
    }
}
