package io.eventrouter.eventbridge;

import io.eventrouter.config.AuthMethod;
import io.eventrouter.config.Doc;
import io.eventrouter.config.Required;
import io.eventrouter.config.Secret;

@AuthMethod(type = "aws_access_key", settingsKey = "awsAccessKeyAuth")
@Doc("Static AWS credentials.")
public record AwsAccessKeyAuth(
        @Required @Doc("AWS access key ID.") String accessKey,
        @Required @Doc("AWS secret access key.") Secret secretKey) implements AwsAuth {
}
