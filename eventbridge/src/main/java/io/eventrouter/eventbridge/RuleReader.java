package io.eventrouter.eventbridge;

import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ListRulesRequest;
import software.amazon.awssdk.services.eventbridge.model.ListRulesResponse;
import software.amazon.awssdk.services.eventbridge.model.Rule;

import java.io.IOException;
import java.time.Duration;

/** Finds the configured rule on its bus by ARN, as the original did: ListRules pages of 50, following NextToken. */
final class RuleReader {

    static final int PAGE_SIZE = 50;
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    /** A bus has at most a few hundred rules; this only guards against a NextToken that never ends. */
    private static final int MAX_PAGES = 1_000;

    private final EventBridgeClient client;
    private final String eventBus;
    private final String ruleArn;

    RuleReader(EventBridgeClient client, String eventBus, String ruleArn) {
        this.client = client;
        this.eventBus = eventBus;
        this.ruleArn = ruleArn;
    }

    RulePattern read() throws IOException {
        String token = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            ListRulesResponse response = client.listRules(ListRulesRequest.builder()
                    .eventBusName(eventBus).limit(PAGE_SIZE).nextToken(token)
                    .overrideConfiguration(o -> o.apiCallTimeout(CALL_TIMEOUT)).build());
            for (Rule rule : response.rules()) {
                if (ruleArn.equals(rule.arn())) {
                    if (rule.eventPattern() == null || rule.eventPattern().isBlank()) {
                        throw new IOException("rule " + ruleArn + " has an empty pattern (a scheduled rule?)");
                    }
                    return RulePattern.compile(rule.eventPattern());
                }
            }
            token = response.nextToken();
            if (token == null || token.isEmpty()) {
                break;
            }
        }
        throw new IOException("no rule " + ruleArn + " on event bus " + eventBus);
    }
}
