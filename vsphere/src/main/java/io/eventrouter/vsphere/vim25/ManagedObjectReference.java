package io.eventrouter.vsphere.vim25;

import java.util.Objects;

/** A vim25 managed object reference, e.g. {@code EventManager:EventManager} or {@code Folder:group-d1}. */
public record ManagedObjectReference(String type, String value) {

    public ManagedObjectReference {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
    }

    /** Reads a reference element ({@code <x type="Folder">group-d1</x>}). */
    static ManagedObjectReference from(XmlElement element) throws VimProtocolException {
        if (element == null || element.typeAttribute() == null) {
            throw new VimProtocolException("expected a managed object reference"
                    + (element == null ? "" : " in <" + element.name() + ">"));
        }
        return new ManagedObjectReference(element.typeAttribute(), element.text().strip());
    }

    @Override
    public String toString() {
        return type + ":" + value;
    }
}
