package io.eventrouter.config.file;

import io.eventrouter.config.Doc;

import java.util.Map;

@Doc("Identifies the configuration.")
public record Metadata(
        @Doc("Name of the configuration.") String name,
        @Doc("Free-form labels.") Map<String, String> labels) {
}
