package io.eventrouter.horizon;

import io.eventrouter.config.AuthMethod;
import io.eventrouter.config.Doc;
import io.eventrouter.config.Required;
import io.eventrouter.config.Secret;

@AuthMethod(type = "active_directory", settingsKey = "activeDirectoryAuth")
@Doc("Active Directory credentials (Horizon).")
public record ActiveDirectoryAuth(
        @Required @Doc("Active Directory domain, e.g. corp.") String domain,
        @Required @Doc("User name without the domain (UPN names are not supported by Horizon).") String username,
        @Required @Doc("Password.") Secret password) {
}
