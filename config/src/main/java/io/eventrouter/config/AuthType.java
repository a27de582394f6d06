package io.eventrouter.config;

/** The original's authentication methods. */
public enum AuthType implements WireEnum {
    BASIC_AUTH("basic_auth"),
    AWS_ACCESS_KEY("aws_access_key"),
    AWS_IAM_ROLE("aws_iam_role"),
    ACTIVE_DIRECTORY("active_directory");

    private final String wireName;

    AuthType(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }
}
