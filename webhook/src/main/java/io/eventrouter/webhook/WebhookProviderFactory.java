package io.eventrouter.webhook;

import io.eventrouter.spi.EventProvider;
import io.eventrouter.spi.EventProviderFactory;

public final class WebhookProviderFactory implements EventProviderFactory<WebhookConfig> {

    @Override
    public String type() {
        return "webhook";
    }

    @Override
    public Class<WebhookConfig> configType() {
        return WebhookConfig.class;
    }

    @Override
    public String description() {
        return "CloudEvents received over HTTP POST.";
    }

    @Override
    public EventProvider create(WebhookConfig config) {
        return new WebhookProvider(config);
    }
}
