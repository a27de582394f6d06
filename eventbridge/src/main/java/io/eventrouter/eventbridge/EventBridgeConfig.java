package io.eventrouter.eventbridge;

import io.eventrouter.config.ConfigException;
import io.eventrouter.config.Default;
import io.eventrouter.config.Doc;
import io.eventrouter.config.Required;
import io.eventrouter.config.UriValue;
import io.eventrouter.config.Validatable;
import io.eventrouter.config.Validation;

import java.time.Duration;
import java.util.regex.Pattern;

/** The {@code eventProcessor.awsEventBridge} section: the original's fields plus an endpoint and the re-read interval. */
@Doc("Puts events on an AWS EventBridge bus when they match the event pattern of one of its rules.")
public record EventBridgeConfig(
        @Required @Doc("AWS region of the bus, e.g. us-west-1.") String region,
        @Default("default") @Doc("Name or ARN of the event bus.") String eventBus,
        @Required @Doc("ARN of the rule whose event pattern selects the events to send, e.g. "
                + "arn:aws:events:us-west-1:1234567890:rule/vmware-event-router.") String ruleARN,
        @Doc("AWS credentials: type aws_access_key (with awsAccessKeyAuth) or aws_iam_role (the AWS SDK's default "
                + "credentials chain: environment, shared config files, EKS IAM roles for service accounts, instance "
                + "profile).") AwsAuth auth,
        @Doc("Endpoint URL instead of the region's (e.g. a VPC endpoint or a local emulator). Without it the SDK's "
                + "standard overrides apply: AWS_ENDPOINT_URL_EVENTBRIDGE, then AWS_ENDPOINT_URL.") UriValue endpoint,
        @Default("5m") @Doc("How often the rule's event pattern is read again. A failed read keeps the last good "
                + "pattern and is retried sooner.") Duration ruleRefreshInterval) implements Validatable {

    /** {@code arn:<partition>:events:<region>:<account>:rule/[<bus>/]<name>}. */
    private static final Pattern RULE_ARN = Pattern.compile("arn:[a-z0-9-]+:events:[a-z0-9-]*:\\d*:rule/\\S+");

    @Override
    public void validate(Validation v) throws ConfigException {
        v.check(!region.isBlank(), "region", "must not be empty");
        v.check(!eventBus.isBlank(), "eventBus", "must not be empty");
        v.check(RULE_ARN.matcher(ruleARN).matches(), "ruleARN",
                "not an EventBridge rule ARN (arn:aws:events:<region>:<account>:rule/<name>)");
        v.check(auth != null, "auth", "required: type aws_access_key (with awsAccessKeyAuth) or aws_iam_role");
        v.check(!ruleRefreshInterval.isZero(), "ruleRefreshInterval", "must be more than zero");
    }

    /** The account in the rule ARN, which EventBridge puts in the {@code account} field of events. */
    String account() {
        return ruleARN.split(":", 6)[4];
    }
}
