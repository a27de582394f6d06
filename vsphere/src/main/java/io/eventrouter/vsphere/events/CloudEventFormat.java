package io.eventrouter.vsphere.events;

import io.eventrouter.config.WireEnum;

/** The two shapes a vCenter event can take as a CloudEvent. */
public enum CloudEventFormat implements WireEnum {
    /**
     * The original VMware Event Router's (v0.7): type {@code com.vmware.event.router/<category>}, subject = class name
     * or eventTypeId, extension {@code vsphereapiversion}.
     */
    ROUTER("router"),
    /**
     * Its successor's (Tanzu Sources for Knative, VEBA v0.8): type {@code com.vmware.vsphere.<name>.v0}, extensions
     * {@code eventclass} and {@code vsphereapiversion}; we add the subject too.
     */
    VSPHERE("vsphere");

    private final String wireName;

    CloudEventFormat(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }
}
