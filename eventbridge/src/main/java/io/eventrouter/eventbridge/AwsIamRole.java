package io.eventrouter.eventbridge;

import io.eventrouter.config.AuthMethod;

/** The AWS SDK's default credentials chain: environment, shared config files, EKS service accounts, instance profile. */
@AuthMethod(type = "aws_iam_role")
public record AwsIamRole() implements AwsAuth {
}
