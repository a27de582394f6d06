package io.eventrouter.config;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

@Doc("Credentials: a type and the settings object that goes with it.")
public record AuthConfig(
        @Default("basic_auth") @Doc("Authentication method.") AuthType type,
        @Doc("Settings for type basic_auth.") BasicAuth basicAuth,
        @Doc("Settings for type aws_access_key.") AwsAccessKeyAuth awsAccessKeyAuth,
        @Doc("Settings for type active_directory.") ActiveDirectoryAuth activeDirectoryAuth) implements Validatable {

    @Override
    public void validate(Validation v) throws ConfigException {
        switch (type) {
            case BASIC_AUTH -> v.check(basicAuth != null, "basicAuth", "required for type basic_auth");
            case AWS_ACCESS_KEY -> v.check(awsAccessKeyAuth != null, "awsAccessKeyAuth", "required for type aws_access_key");
            case ACTIVE_DIRECTORY -> v.check(activeDirectoryAuth != null, "activeDirectoryAuth",
                    "required for type active_directory");
            case AWS_IAM_ROLE -> {
            }
        }
        v.check(basicAuth == null || type == AuthType.BASIC_AUTH, "basicAuth", "only used with type basic_auth");
        v.check(awsAccessKeyAuth == null || type == AuthType.AWS_ACCESS_KEY, "awsAccessKeyAuth",
                "only used with type aws_access_key");
        v.check(activeDirectoryAuth == null || type == AuthType.ACTIVE_DIRECTORY, "activeDirectoryAuth",
                "only used with type active_directory");
    }

    /** Checks, from the record that holds {@code auth}, that its type is one of {@code allowed}. */
    public static void requireType(AuthConfig auth, Validation holder, String key, AuthType... allowed)
            throws ConfigException {
        Set<AuthType> set = EnumSet.copyOf(Arrays.asList(allowed));
        if (auth != null && !set.contains(auth.type())) {
            throw holder.error(key, "type " + auth.type().wireName() + " is not supported here (use "
                    + set.stream().map(AuthType::wireName).collect(Collectors.joining(" or ")) + ")");
        }
    }
}
