package io.eventrouter.vsphere.vim25;

import java.net.http.HttpHeaders;

/**
 * The {@code vmware_soap_session} cookie that Login sets and every later call sends. Kept by hand rather than in a
 * {@link java.net.CookieManager} so that it can be dropped on re-login and can never end up in a log.
 */
final class SessionCookie {

    private static final String NAME = "vmware_soap_session";

    private volatile String pair;

    /** Remembers the session cookie if the response sets one. */
    void update(HttpHeaders headers) {
        for (String header : headers.allValues("set-cookie")) {
            String first = header.split(";", 2)[0].strip();
            if (first.startsWith(NAME + "=")) {
                pair = first;
            }
        }
    }

    /** The {@code Cookie} header value, or null before Login. */
    String header() {
        return pair;
    }

    void clear() {
        pair = null;
    }

    @Override
    public String toString() {
        return pair == null ? "no session" : "session cookie ******";
    }
}
