package io.eventrouter.horizon;

import io.eventrouter.config.ConfigException;
import io.eventrouter.config.Default;
import io.eventrouter.config.Doc;
import io.eventrouter.config.Required;
import io.eventrouter.config.UriValue;
import io.eventrouter.config.Validatable;
import io.eventrouter.config.Validation;

import java.nio.file.Path;
import java.time.Duration;

/** The {@code eventProvider.horizon} section: the original's fields, plus checkpoints like vCenter's and the poll interval. */
@Doc("Reads VMware Horizon audit events through the Horizon Server REST API.")
public record HorizonConfig(
        @Required @Doc("Base URL of the Horizon Connection Server REST API, e.g. https://api.myhorizon.domain.local.")
        UriValue address,
        @Default("false") @Doc("Skip verification of the server's TLS certificate and host name.") boolean insecureSSL,
        @Doc("Credentials: type active_directory with domain, username and password (UPN user names are not "
                + "supported by Horizon).") ActiveDirectoryAuth auth,
        @Default("false") @Doc("Remember the last acknowledged event in checkpointDir and resume after it on restart. "
                + "Without a checkpoint (or with false) the provider starts, like the original, with the last 10 "
                + "events. Must be true with highAvailability.") boolean checkpoint,
        @Default("./checkpoints") @Doc("Directory of the checkpoint files (cp-<host>.json).") Path checkpointDir,
        @Default("1h") @Doc("Longest look-back when resuming from a checkpoint; older checkpoints resume from now "
                + "minus this.") Duration checkpointMaxAge,
        @Default("1s") @Doc("Pause between polls when no events are waiting (pages are read back to back while "
                + "there are).") Duration pollInterval) implements Validatable {

    @Override
    public void validate(Validation v) throws ConfigException {
        v.check(auth != null, "auth", "required: type active_directory with activeDirectoryAuth "
                + "(domain, username, password)");
        var ad = auth;
        v.check(!ad.domain().isBlank() && !ad.username().isBlank() && !ad.password().isEmpty(), "auth",
                "domain, username and password must all be set (UPN user names are not supported)");
        v.check(!pollInterval.isZero(), "pollInterval", "must be more than zero");
    }

    /** The source of the events: the address as configured, without a trailing slash (as the original). */
    String source() {
        String text = address.uri().toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        return text;
    }
}
