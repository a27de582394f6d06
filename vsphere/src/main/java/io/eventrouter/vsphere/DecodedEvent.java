package io.eventrouter.vsphere;

import io.cloudevents.CloudEvent;
import io.eventrouter.vsphere.events.EventConversionException;
import io.eventrouter.vsphere.events.VimEvent;
import io.eventrouter.vsphere.vim25.XmlElement;

/** One event element of a page, converted, or the reason it could not be. */
record DecodedEvent(XmlElement element, VimEvent event, CloudEvent cloudEvent, EventConversionException failure) {

    static DecodedEvent converted(XmlElement element, VimEvent event, CloudEvent cloudEvent) {
        return new DecodedEvent(element, event, cloudEvent, null);
    }

    static DecodedEvent failed(XmlElement element, EventConversionException failure) {
        return new DecodedEvent(element, null, null, failure);
    }
}
