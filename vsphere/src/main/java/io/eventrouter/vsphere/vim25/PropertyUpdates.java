package io.eventrouter.vsphere.vim25;

import java.util.List;

/**
 * What one WaitForUpdatesEx answer reported: the version to wait from next, and the new values of the changed
 * properties (for an event collector's {@code latestPage}: an {@code ArrayOfEvent} element).
 */
public record PropertyUpdates(String version, List<XmlElement> values) {
}
