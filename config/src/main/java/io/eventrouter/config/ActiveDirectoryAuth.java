package io.eventrouter.config;

@Doc("Active Directory credentials (Horizon).")
public record ActiveDirectoryAuth(
        @Required @Doc("Active Directory domain, e.g. corp.") String domain,
        @Required @Doc("User name without the domain (UPN names are not supported by Horizon).") String username,
        @Required @Doc("Password.") Secret password) {
}
