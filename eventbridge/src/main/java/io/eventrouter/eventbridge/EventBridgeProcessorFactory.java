package io.eventrouter.eventbridge;

import io.eventrouter.spi.EventProcessor;
import io.eventrouter.spi.EventProcessorFactory;
import io.eventrouter.spi.ProcessorContext;

/** {@code type: aws_event_bridge}, settings under {@code awsEventBridge} (the original's spellings). */
public final class EventBridgeProcessorFactory implements EventProcessorFactory<EventBridgeConfig> {

    @Override
    public String type() {
        return "aws_event_bridge";
    }

    @Override
    public String sectionKey() {
        return "awsEventBridge";
    }

    @Override
    public Class<EventBridgeConfig> configType() {
        return EventBridgeConfig.class;
    }

    @Override
    public String description() {
        return "Puts events that match an EventBridge rule's event pattern on an AWS EventBridge bus (PutEvents).";
    }

    @Override
    public EventProcessor create(EventBridgeConfig config, ProcessorContext context) {
        return new EventBridgeProcessor(config, context, EventBridgeClients.create(config, context));
    }
}
