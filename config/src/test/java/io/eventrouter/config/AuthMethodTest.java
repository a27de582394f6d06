package io.eventrouter.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Auth types come from the connector that declares them: this test declares methods the config module has never
 * heard of (a bearer token, an anonymous method without settings) and a connector record that accepts them.
 */
class AuthMethodTest {

    @AuthMethod(type = "bearer", settingsKey = "bearer")
    @Doc("A bearer token.")
    record BearerToken(@Required @Doc("The token.") Secret token) implements TokenOrAnonymous {
    }

    @AuthMethod(type = "anonymous")
    record Anonymous() implements TokenOrAnonymous {
    }

    sealed interface TokenOrAnonymous permits BearerToken, Anonymous {
    }

    @Doc("A connector that takes a bearer token or nothing.")
    record TokenConnector(@Doc("Credentials.") TokenOrAnonymous auth) {
    }

    @Doc("A connector that takes basic auth only.")
    record BasicConnector(@Doc("Credentials.") BasicAuth auth) {
    }

    private final Binder binder = new Binder(new References(Map.of("TOKEN", "t0ken-from-env")::get))
            .naming(BasicConnector.class, "processor basic");

    private <T> T bind(String yaml, Class<T> type) throws ConfigException {
        return binder.bind(ConfigTreeReader.read(yaml), type, ConfigPath.ROOT.field("settings"));
    }

    @Test
    void bindsAMethodTheConfigModuleDoesNotKnowByItsType() throws ConfigException {
        TokenConnector bearer = bind("auth: {type: bearer, bearer: {token: \"${env:TOKEN}\"}}", TokenConnector.class);
        TokenConnector anonymous = bind("auth: {type: anonymous}", TokenConnector.class);

        assertThat(bearer.auth()).isInstanceOfSatisfying(BearerToken.class,
                token -> assertThat(token.token().reveal()).isEqualTo("t0ken-from-env"));
        assertThat(anonymous.auth()).isInstanceOf(Anonymous.class);
    }

    @Test
    void basicAuthBindsAsTheOriginalWroteIt() throws ConfigException {
        BasicAuth typed = bind("auth: {type: basic_auth, basicAuth: {username: u, password: p}}", BasicConnector.class)
                .auth();
        BasicAuth untyped = bind("auth: {basicAuth: {username: u, password: p}}", BasicConnector.class).auth();

        assertThat(typed.username()).isEqualTo("u");
        assertThat(typed.password().reveal()).isEqualTo("p");
        assertThat(untyped.username()).as("type defaults to basic_auth").isEqualTo("u");
        assertThat(bind("{}", BasicConnector.class).auth()).isNull();
    }

    @Test
    void aTypeTheConnectorDoesNotAcceptIsOneLineNamingTheConnectorAndWhatItAccepts() {
        assertThatThrownBy(() -> bind("""
                auth:
                  type: bearer
                  bearer: {token: s3cret-value}
                """, BasicConnector.class))
                .isInstanceOf(ConfigException.class)
                .hasMessage("settings.auth.type (line 2, column 9): type bearer is not supported here "
                        + "(processor basic accepts: basic_auth)");
    }

    @Test
    void withoutANameForTheRecordTheMessageStillListsTheAcceptedTypes() {
        assertThatThrownBy(() -> bind("auth: {type: basic_auth, basicAuth: {username: u, password: pw-1234}}",
                TokenConnector.class))
                .isInstanceOf(ConfigException.class)
                .hasMessage("settings.auth.type (line 1, column 14): type basic_auth is not supported here "
                        + "(accepted: bearer, anonymous)")
                .hasMessageNotContaining("pw-1234");
        assertThatThrownBy(() -> bind("auth: {bearer: {token: abc}}", TokenConnector.class))
                .hasMessage("settings.auth.type (line 1, column 7): missing required field "
                        + "(accepted: bearer, anonymous)");
    }

    @Test
    void settingsAreRequiredForTheirTypeAndOnlyForIt() {
        assertThatThrownBy(() -> bind("auth: {type: bearer}", TokenConnector.class))
                .hasMessage("settings.auth.bearer (line 1, column 7): required for type bearer");
        assertThatThrownBy(() -> bind("auth: {type: anonymous, bearer: {token: s3cret-value}}", TokenConnector.class))
                .hasMessageContaining("settings.auth.bearer (line 1, column 25): only used with type bearer")
                .hasMessageNotContaining("s3cret-value");
        assertThatThrownBy(() -> bind("auth: {type: basic_auth, basicAuht: {username: u, password: p}}",
                BasicConnector.class))
                .hasMessageContaining("settings.auth.basicAuht").hasMessageContaining("did you mean \"basicAuth\"");
        assertThatThrownBy(() -> bind("auth: {type: bearer, bearer: {token: x, extra: y}}", TokenConnector.class))
                .hasMessageContaining("settings.auth.bearer.extra").hasMessageContaining("unknown field");
    }

    @Test
    void theSchemaListsPerFieldTheTypesItAccepts() {
        SchemaWriter writer = new SchemaWriter(binder);
        String tokenConnector = writer.define(TokenConnector.class);
        writer.define(BasicConnector.class);

        JsonNode token = writer.defs().get("AuthBearerOrAnonymous");
        assertThat(writer.defs().get(tokenConnector).at("/properties/auth/$ref").asText())
                .isEqualTo("#/$defs/AuthBearerOrAnonymous");
        assertThat(token.at("/properties/type/enum").toString()).isEqualTo("[\"bearer\",\"anonymous\"]");
        assertThat(token.at("/required").toString()).as("no default type here").isEqualTo("[\"type\"]");
        assertThat(token.at("/properties/bearer/$ref").asText()).isEqualTo("#/$defs/AuthMethodTestBearerToken");
        assertThat(token.at("/x-auth-types").toString()).isEqualTo("[\"bearer\",\"anonymous\"]");

        ObjectNode basic = (ObjectNode) writer.defs().get("AuthBasicAuth");
        assertThat(basic.at("/properties/type/enum").toString()).isEqualTo("[\"basic_auth\"]");
        assertThat(basic.at("/properties/type/default").asText()).isEqualTo("basic_auth");
        assertThat(basic.has("required")).isFalse();
        assertThat(basic.at("/allOf/0/then/required").toString()).isEqualTo("[\"basicAuth\"]");
    }
}
