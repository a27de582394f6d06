package io.eventrouter.vsphere;

import io.eventrouter.config.ConfigException;
import io.eventrouter.config.Doc;
import io.eventrouter.config.Required;
import io.eventrouter.config.Secret;
import io.eventrouter.config.Validatable;
import io.eventrouter.config.Validation;

import java.net.URI;
import java.util.Locale;

/** The vcenter provider's {@code proxy}: an HTTP proxy in front of vCenter. */
@Doc("An HTTP proxy the connection to vCenter goes through (a CONNECT tunnel for https; TLS stays end to end).")
public record ProxySettings(
        @Required @Doc("The proxy, http://host:port (e.g. http://proxy.example.com:3128). Credentials go in "
                + "username and password, not in the URL.")
        URI url,
        @Doc("User name for the proxy (Basic authentication); leave out when the proxy asks for none.")
        String username,
        @Doc("The proxy user's password. Never logged or shown.")
        Secret password) implements Validatable {

    @Override
    public void validate(Validation v) throws ConfigException {
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        v.check(!scheme.equals("https"), "url", "TLS to the proxy itself is not supported: use http://host:port "
                + "(the connection to vCenter through it is still TLS)");
        v.check(scheme.equals("http"), "url", "must be http://host:port, got scheme \"" + scheme + "\"");
        v.check(url.getRawUserInfo() == null, "url", "put the credentials in proxy.username and proxy.password, "
                + "not in the URL");
        v.check(url.getRawPath() == null || url.getRawPath().isEmpty() || url.getRawPath().equals("/"), "url",
                "must be http://host:port without a path");
        v.check(password == null || username != null, "password", "needs proxy.username");
        v.check(username == null || !username.isBlank(), "username", "must not be empty");
    }

    /** The port, 80 when the URL names none (as curl does for http://). */
    int port() {
        return url.getPort() < 0 ? 80 : url.getPort();
    }

    @Override
    public String toString() {
        return "ProxySettings[url=" + url + (username == null ? "" : ", username=" + username + ", password=******")
                + "]";
    }
}
