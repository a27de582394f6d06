package io.eventrouter.app.viewer;

import io.eventrouter.http.server.HttpCall;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The viewer's page, script and style sheet, read once from the application's resources: no CDN, no build step,
 * because appliances are often offline.
 */
final class ViewerAssets {

    private static final String BASE = "/io/eventrouter/app/viewer/ui/";
    /**
     * Event data is shown in the page, so the page may load nothing but its own files, and inline script is
     * refused: even a rendering bug could not run code from an event.
     */
    private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    record Asset(String contentType, byte[] content) {
    }

    private final Map<String, Asset> assets = new LinkedHashMap<>();

    ViewerAssets() {
        add("", "index.html", "text/html; charset=utf-8");
        add("/viewer.js", "viewer.js", "text/javascript; charset=utf-8");
        add("/viewer.css", "viewer.css", "text/css; charset=utf-8");
        add("/favicon.svg", "favicon.svg", "image/svg+xml");
    }

    private void add(String suffix, String resource, String contentType) {
        try (InputStream in = ViewerAssets.class.getResourceAsStream(BASE + resource)) {
            if (in == null) {
                throw new IllegalStateException("viewer resource missing: " + resource);
            }
            assets.put(suffix, new Asset(contentType, in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Path suffixes after the viewer's base path ({@code ""} is the page itself). */
    Map<String, Asset> all() {
        return assets;
    }

    static void serve(HttpCall call, Asset asset) throws IOException {
        call.setHeader("Cache-Control", "no-cache");
        call.setHeader("X-Content-Type-Options", "nosniff");
        call.setHeader("Content-Security-Policy", POLICY);
        call.setHeader("Referrer-Policy", "no-referrer");
        call.reply(200, asset.contentType(), asset.content());
    }
}
