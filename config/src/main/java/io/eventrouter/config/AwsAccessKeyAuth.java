package io.eventrouter.config;

@Doc("Static AWS credentials.")
public record AwsAccessKeyAuth(
        @Required @Doc("AWS access key ID.") String accessKey,
        @Required @Doc("AWS secret access key.") Secret secretKey) {
}
