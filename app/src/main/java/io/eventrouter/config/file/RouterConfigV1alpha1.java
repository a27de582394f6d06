package io.eventrouter.config.file;

import io.eventrouter.config.Doc;
import io.eventrouter.config.Required;
import io.eventrouter.ha.HighAvailabilitySettings;

/** The original router's configuration, read unchanged (and, unlike the original, with apiVersion and kind checked). */
@Doc("VMware Event Router configuration, apiVersion event-router.vmware.com/v1alpha1: one provider, one processor.")
public record RouterConfigV1alpha1(
        @Required @Doc("event-router.vmware.com/v1alpha1") ApiVersion apiVersion,
        @Required @Doc("RouterConfig") ConfigKind kind,
        @Doc("Name and labels of the configuration.") Metadata metadata,
        @Required @Doc("Where events come from.") ProviderSection eventProvider,
        @Required @Doc("Where events go.") ProcessorSection eventProcessor,
        @Required @Doc("The metrics server.") MetricsProviderSection metricsProvider,
        @Doc("Extra root CAs.") Certificates certificates,
        @Doc("Several replicas, one active per pulling provider (an extension: the original ran one replica).")
        HighAvailabilitySettings highAvailability) {
}
