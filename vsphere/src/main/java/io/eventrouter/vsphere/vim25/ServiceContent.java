package io.eventrouter.vsphere.vim25;

/**
 * The parts of vCenter's ServiceContent the event provider uses.
 *
 * @param apiVersion   {@code about.apiVersion}, e.g. {@code 8.0.2.0}: the CloudEvents extension {@code vsphereapiversion}
 * @param instanceUuid {@code about.instanceUuid}: tells one vCenter (or vcsim run) from another
 */
public record ServiceContent(ManagedObjectReference rootFolder, ManagedObjectReference propertyCollector,
                             ManagedObjectReference sessionManager, ManagedObjectReference eventManager,
                             String fullName, String apiVersion, String instanceUuid) {

    static ServiceContent from(XmlElement returnval) throws VimProtocolException {
        XmlElement about = returnval.child("about");
        if (about == null) {
            throw new VimProtocolException("ServiceContent without about");
        }
        return new ServiceContent(
                ManagedObjectReference.from(returnval.child("rootFolder")),
                ManagedObjectReference.from(returnval.child("propertyCollector")),
                ManagedObjectReference.from(returnval.child("sessionManager")),
                ManagedObjectReference.from(returnval.child("eventManager")),
                orEmpty(about.childText("fullName")),
                orEmpty(about.childText("apiVersion")),
                orEmpty(about.childText("instanceUuid")));
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text.strip();
    }
}
