package io.eventrouter.app.quickstart;

import io.eventrouter.app.quickstart.Inventory.Entity;
import io.eventrouter.app.quickstart.Inventory.HostEntity;
import io.eventrouter.vsphere.vcsim.EventPoster;
import io.eventrouter.vsphere.vcsim.EventPoster.PostableEvent;
import io.eventrouter.vsphere.vcsim.EventPoster.Ref;
import io.eventrouter.vsphere.vcsim.Govc;
import io.eventrouter.vsphere.vcsim.Vcsim;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Things that happen in the simulated vCenter, each one a step that makes it write events: VM power operations with
 * govc (vcsim writes those events itself, and govc's login a UserLoginSessionEvent), and events vcsim never writes on
 * its own (EventEx, ExtendedEvent, alarms, maintenance mode) posted with PostEvent about the simulator's real
 * objects.
 */
public final class SimulatedActivity implements AutoCloseable {

    /** What a step does, for the terminal, and the action. */
    public record Step(String description, Action action) {
    }

    @FunctionalInterface
    public interface Action {
        void run() throws IOException, InterruptedException;
    }

    static final String SNAPSHOT_REVERTED = "com.vmware.vc.vm.VmStateRevertedToSnapshot";
    static final String BACKUP_FAILED = "com.vmware.applmgmt.backup.job.failed.event";

    private final Govc govc;
    private final EventPoster poster;
    private final Inventory inventory;

    private SimulatedActivity(Govc govc, EventPoster poster, Inventory inventory) {
        this.govc = govc;
        this.poster = poster;
        this.inventory = inventory;
    }

    /** Reads the simulator's inventory and logs in for PostEvent. */
    public static SimulatedActivity on(Vcsim vcsim) throws IOException, InterruptedException {
        Govc govc = vcsim.govc();
        Inventory inventory = Inventory.read(govc);
        return new SimulatedActivity(govc, vcsim.eventPoster(), inventory);
    }

    /** The quickstart's round: each VM in turn is powered off, powered on, and gets an EventEx. */
    public List<Step> powerCycles() {
        List<Step> steps = new ArrayList<>();
        for (Entity vm : inventory.vms()) {
            steps.add(powerOff(vm));
            steps.add(powerOn(vm));
            steps.add(snapshotReverted(vm));
        }
        return steps;
    }

    /** One step for each class of {@code examples/events}, about the first VM and host. */
    public List<Step> everyKind() {
        Entity vm = inventory.vms().getFirst();
        HostEntity host = inventory.hosts().getFirst();
        return List.of(powerOff(vm), powerOn(vm), maintenanceMode(host, true), maintenanceMode(host, false),
                alarmStatusChanged(host, "green", "red"), snapshotReverted(vm), backupFailed());
    }

    Step powerOff(Entity vm) {
        return new Step("govc vm.power -off " + vm.name(), () -> govc.powerOff(vm.name()));
    }

    Step powerOn(Entity vm) {
        return new Step("govc vm.power -on " + vm.name(), () -> govc.powerOn(vm.name()));
    }

    /** An EventEx as vCenter writes it after a snapshot revert, with its arguments. */
    Step snapshotReverted(Entity vm) {
        String xml = datacenter() + EventPoster.entityArgument("vm", "vm", vm.name(), vm.ref())
                + text("fullFormattedMessage", "The execution state of the virtual machine " + vm.name()
                + " has been reverted to the state of snapshot before-upgrade, with ID 1")
                + text("eventTypeId", SNAPSHOT_REVERTED) + text("severity", "info")
                + EventPoster.argument("snapshotName", "xsd:string", "before-upgrade")
                + EventPoster.argument("snapshotId", "xsd:int", "1")
                + text("objectId", vm.ref().value()) + text("objectType", vm.ref().type())
                + text("objectName", vm.name());
        return post("EventEx " + SNAPSHOT_REVERTED + " about " + vm.name(), new PostableEvent("EventEx", xml));
    }

    Step maintenanceMode(HostEntity host, boolean enter) {
        String type = enter ? "EnteredMaintenanceModeEvent" : "ExitMaintenanceModeEvent";
        String xml = hostArguments(host) + text("fullFormattedMessage", "Host " + host.host().name() + " in "
                + inventory.datacenter().name() + (enter ? " has entered" : " has exited") + " maintenance mode");
        return post(type + " about " + host.host().name(), new PostableEvent(type, xml));
    }

    Step alarmStatusChanged(HostEntity host, String from, String to) {
        String alarm = "Host CPU usage";
        Entity source = inventory.datacenter();
        String xml = hostArguments(host)
                + text("fullFormattedMessage", "Alarm '" + alarm + "' on " + host.host().name() + " changed from "
                + capitalized(from) + " to " + capitalized(to))
                + EventPoster.entityArgument("alarm", "alarm", alarm, new Ref("Alarm", "alarm-1"))
                + EventPoster.entityArgument("source", "entity", source.name(), source.ref())
                + EventPoster.entityArgument("entity", "entity", host.host().name(), host.host().ref())
                + text("from", from) + text("to", to);
        return post("AlarmStatusChangedEvent " + from + " to " + to + " about " + host.host().name(),
                new PostableEvent("AlarmStatusChangedEvent", xml));
    }

    /** An ExtendedEvent as the vCenter appliance's backup writes it. */
    Step backupFailed() {
        return post("ExtendedEvent " + BACKUP_FAILED, EventPoster.extendedEvent(BACKUP_FAILED,
                "Backup job failed", new Ref("Folder", "group-d1"),
                List.of(new String[]{"jobId", "20240601-090000-1"}, new String[]{"reason", "destination unreachable"})));
    }

    private Step post(String description, PostableEvent event) {
        return new Step("PostEvent " + description, () -> poster.post(event));
    }

    private String datacenter() {
        Entity datacenter = inventory.datacenter();
        return EventPoster.entityArgument("datacenter", "datacenter", datacenter.name(), datacenter.ref());
    }

    private String hostArguments(HostEntity host) {
        String xml = datacenter();
        if (host.computeResource() != null) {
            xml += EventPoster.entityArgument("computeResource", "computeResource", host.computeResource().name(),
                    host.computeResource().ref());
        }
        return xml + EventPoster.entityArgument("host", "host", host.host().name(), host.host().ref());
    }

    private static String text(String element, String value) {
        return "<" + element + ">" + EventPoster.escape(value) + "</" + element + ">";
    }

    private static String capitalized(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    @Override
    public void close() {
        poster.close();
    }
}
