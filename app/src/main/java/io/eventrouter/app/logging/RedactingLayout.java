package io.eventrouter.app.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.LayoutBase;

import java.util.regex.Pattern;

/**
 * Masks the value of credential-carrying HTTP headers ({@code Authorization: Basic ...}, cookies, AWS session tokens)
 * wherever a log line shows one, whichever library wrote it: a second line of defence behind keeping the HTTP
 * libraries' wire-level debug output off.
 */
final class RedactingLayout extends LayoutBase<ILoggingEvent> {

    static final String MASK = "******";
    /** A header name, then ":" or "=" (maps print that way), then its value up to the end of line, ")" or "]". */
    private static final Pattern CREDENTIAL_HEADER = Pattern.compile(
            "(?i)\\b((?:proxy-)?authorization|(?:set-)?cookie|x-amz-security-token)(\\s*[:=]\\s*)[^\\r\\n)\\]]+");
    /**
     * A Basic or Bearer credential wherever it stands (a library may print a header's value on its own): a token with
     * a digit, symbol or inner capital, so that prose such as "Basic authentication" stays readable.
     */
    private static final Pattern CREDENTIAL = Pattern.compile(
            "\\b(Basic|Bearer)(\\s+)[A-Za-z0-9+/=._~-](?=[a-z]*[A-Z0-9+/=._~-])[A-Za-z0-9+/=._~-]{3,}");

    private final Layout<ILoggingEvent> delegate;

    RedactingLayout(Layout<ILoggingEvent> delegate) {
        this.delegate = delegate;
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        return redact(delegate.doLayout(event));
    }

    static String redact(String line) {
        String masked = CREDENTIAL_HEADER.matcher(line).replaceAll("$1$2" + MASK);
        return CREDENTIAL.matcher(masked).replaceAll("$1$2" + MASK);
    }

    @Override
    public void start() {
        delegate.start();
        super.start();
    }
}
