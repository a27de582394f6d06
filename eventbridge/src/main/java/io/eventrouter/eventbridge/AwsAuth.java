package io.eventrouter.eventbridge;

/** The auth types EventBridge accepts: {@code aws_access_key} or {@code aws_iam_role}. */
public sealed interface AwsAuth permits AwsAccessKeyAuth, AwsIamRole {
}
