package io.eventrouter.bench.vsphere;

import io.eventrouter.testing.vcsim.EventPoster;
import io.eventrouter.testing.vcsim.EventPoster.PostableEvent;
import io.eventrouter.testing.vcsim.EventPoster.Ref;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A mix of events like a busy vCenter writes them: mostly VM power and session events, then tasks, alarms, EventEx
 * with arguments, a few ExtendedEvents and reconfigurations with a config spec. Posted into vcsim with PostEvent
 * (vcsim fills in key, time and user), so the XML the benchmarks read is what vcsim writes.
 */
final class VsphereWorkload {

    private static final String VM_ARGS = """
            <datacenter><name>DC0</name><datacenter type="Datacenter">datacenter-2</datacenter></datacenter>\
            <computeResource><name>DC0_H0</name><computeResource type="ComputeResource">computeresource-23\
            </computeResource></computeResource><host><name>DC0_H0</name><host type="HostSystem">host-21</host>\
            </host><vm><name>DC0_H0_VM%1$d</name><vm type="VirtualMachine">vm-%2$d</vm></vm>\
            <fullFormattedMessage>DC0_H0_VM%1$d on DC0_H0 in DC0 is %3$s</fullFormattedMessage>\
            <template>false</template>""";

    private VsphereWorkload() {
    }

    /** {@code count} events in a fixed pseudo-random order (the same for the same seed). */
    static List<PostableEvent> events(int count, long seed) {
        Random random = new Random(seed);
        List<PostableEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            events.add(event(random.nextInt(100), i));
        }
        return events;
    }

    private static PostableEvent event(int dice, int n) {
        int vm = n % 8;
        int ref = 57 + vm;
        if (dice < 40) {
            String[] classes = {"VmStartingEvent", "VmPoweredOnEvent", "VmStoppingEvent", "VmPoweredOffEvent"};
            String[] states = {"starting", "powered on", "stopping", "powered off"};
            int which = n % 4;
            return new PostableEvent(classes[which], VM_ARGS.formatted(vm, ref, states[which]));
        }
        if (dice < 55) {
            String type = n % 2 == 0 ? "UserLoginSessionEvent" : "UserLogoutSessionEvent";
            return new PostableEvent(type, "<fullFormattedMessage>User admin@10.0.0." + vm + " logged in"
                    + "</fullFormattedMessage><ipAddress>10.0.0." + vm + "</ipAddress><userAgent>pyvmomi Python/3.11"
                    + "</userAgent><locale>en</locale><sessionId>52b6f1a3-" + n + "</sessionId>");
        }
        if (dice < 65) {
            return new PostableEvent("TaskEvent", """
                    <vm><name>DC0_H0_VM%1$d</name><vm type="VirtualMachine">vm-%2$d</vm></vm>\
                    <fullFormattedMessage>Task: Power On virtual machine</fullFormattedMessage>\
                    <info><key>task-%3$d</key><task type="Task">task-%3$d</task><name>PowerOnVM_Task</name>\
                    <descriptionId>VirtualMachine.powerOn</descriptionId><entity type="VirtualMachine">vm-%2$d</entity>\
                    <entityName>DC0_H0_VM%1$d</entityName><state>queued</state><cancelled>false</cancelled>\
                    <cancelable>false</cancelable><reason xsi:type="TaskReasonUser"><userName>admin</userName></reason>\
                    <queueTime>2026-01-02T03:04:05.123Z</queueTime><eventChainId>%3$d</eventChainId></info>"""
                    .formatted(vm, ref, n));
        }
        if (dice < 75) {
            return new PostableEvent("AlarmStatusChangedEvent", """
                    <datacenter><name>DC0</name><datacenter type="Datacenter">datacenter-2</datacenter></datacenter>\
                    <host><name>DC0_H0</name><host type="HostSystem">host-21</host></host>\
                    <fullFormattedMessage>Alarm 'Host CPU usage' on DC0_H0 changed from Green to Yellow\
                    </fullFormattedMessage><alarm><name>Host CPU usage</name><alarm type="Alarm">alarm-%d</alarm>\
                    </alarm><source><name>DC0</name><entity type="Datacenter">datacenter-2</entity></source>\
                    <entity><name>DC0_H0</name><entity type="HostSystem">host-21</entity></entity>\
                    <from>green</from><to>yellow</to>""".formatted(n % 40));
        }
        if (dice < 85) {
            return EventPoster.eventEx("com.vmware.vc.vm.VmStateRevertedToSnapshot", "info",
                    "The VM was reverted", new Ref("VirtualMachine", "vm-" + ref),
                    EventPoster.argument("snapshotName", "xsd:string", "before-upgrade-" + n),
                    EventPoster.argument("vmId", "xsd:int", Integer.toString(ref)),
                    EventPoster.argument("when", "xsd:dateTime", "2026-01-02T03:04:05.5Z"));
        }
        if (dice < 90) {
            return EventPoster.extendedEvent("com.vmware.applmgmt.backup.job.finished.event", "backup done",
                    new Ref("Folder", "group-d1"), List.of(new String[]{"jobId", Integer.toString(n)},
                            new String[]{"size", "1234567"}));
        }
        if (dice < 95) {
            return new PostableEvent("VmReconfiguredEvent", VM_ARGS.formatted(vm, ref, "reconfigured")
                    + "<configSpec><changeVersion>2026-01-02T03:04:05.5Z</changeVersion><numCPUs>4</numCPUs>"
                    + "<memoryMB>8192</memoryMB><extraConfig xsi:type=\"OptionValue\"><key>guestinfo.n</key>"
                    + "<value xsi:type=\"xsd:string\">" + n + "</value></extraConfig></configSpec>");
        }
        return EventPoster.generalUserEvent("maintenance note " + n);
    }
}
