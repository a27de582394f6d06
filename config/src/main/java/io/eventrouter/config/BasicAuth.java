package io.eventrouter.config;

@AuthMethod(type = "basic_auth", settingsKey = "basicAuth")
@Doc("A user name and password.")
public record BasicAuth(
        @Required @Doc("User name.") String username,
        @Required @Doc("Password.") Secret password) {

    @Override
    public String toString() {
        return "BasicAuth[username=" + username + ", password=******]";
    }
}
