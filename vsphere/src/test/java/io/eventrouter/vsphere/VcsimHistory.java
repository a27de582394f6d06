package io.eventrouter.vsphere;

import io.eventrouter.testing.vcsim.EventPoster;
import io.eventrouter.testing.vcsim.EventPoster.PostableEvent;
import io.eventrouter.testing.vcsim.EventPoster.Ref;
import io.eventrouter.testing.vcsim.Govc;
import io.eventrouter.testing.vcsim.Vcsim;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Fills a vcsim with a varied event history: VM operations through govc and every kind of posted event. */
public final class VcsimHistory {

    static final Ref VM0 = new Ref("VirtualMachine", "vm-57");

    private VcsimHistory() {
    }

    /** Adds well over 40 events of many classes to the simulator's default inventory. */
    public static void generate(Vcsim vcsim) throws IOException, InterruptedException {
        Govc govc = vcsim.govc();
        govc.powerOff("DC0_H0_VM0");
        govc.powerOn("DC0_H0_VM0");
        govc.run("vm.power", "-suspend", "DC0_H0_VM1");
        govc.run("vm.change", "-vm", "DC0_C0_RP0_VM0", "-e", "guestinfo.demo=1", "-c", "2", "-m", "2048");
        govc.run("vm.create", "-on=false", "-c", "1", "-m", "512", "-host", "DC0_H0", "-net", "VM Network",
                "created-by-test");
        govc.run("vm.destroy", "created-by-test");
        govc.run("vm.clone", "-vm", "DC0_H0_VM0", "-on=false", "-pool", "/DC0/host/DC0_H0/Resources", "clone-by-test");
        try (EventPoster poster = vcsim.eventPoster()) {
            for (PostableEvent event : postedEvents()) {
                poster.post(event);
            }
        }
    }

    static List<PostableEvent> postedEvents() {
        List<PostableEvent> events = new ArrayList<>();
        events.add(EventPoster.generalUserEvent("hello from a test <&> \"quoted\""));
        events.add(EventPoster.eventEx("com.vmware.vc.test.CustomEvent", "warning", "custom EventEx", null));
        events.add(EventPoster.eventEx("com.example.args", null, null, VM0,
                EventPoster.argument("s", "xsd:string", "text"),
                EventPoster.argument("i", "xsd:int", "42"),
                EventPoster.argument("l", "xsd:long", "1234567890123"),
                EventPoster.argument("b", "xsd:boolean", "true"),
                EventPoster.argument("arr", "ArrayOfString", "<string>a</string><string>b</string>"),
                EventPoster.argument("ref", "ManagedObjectReference", "vm-57\" type=\"VirtualMachine"),
                EventPoster.argument("t", "xsd:dateTime", "2024-01-02T03:04:05.120Z")));
        events.add(EventPoster.extendedEvent("com.vmware.applmgmt.backup.job.failed.event", "backup failed",
                new Ref("Folder", "group-d1"), List.of(new String[]{"jobId", "17"}, new String[]{"reason", "disk"})));
        events.add(new PostableEvent("AlarmStatusChangedEvent", """
                <datacenter><name>DC0</name><datacenter type="Datacenter">datacenter-2</datacenter></datacenter>
                <host><name>DC0_H0</name><host type="HostSystem">host-21</host></host>
                <fullFormattedMessage>Alarm 'cpu' on DC0_H0 changed from Green to Red</fullFormattedMessage>
                <alarm><name>cpu</name><alarm type="Alarm">alarm-7</alarm></alarm>
                <source><name>DC0</name><entity type="Datacenter">datacenter-2</entity></source>
                <entity><name>DC0_H0</name><entity type="HostSystem">host-21</entity></entity>
                <from>green</from><to>red</to>"""));
        events.add(new PostableEvent("VmFailedToPowerOnEvent", """
                <vm><name>DC0_H0_VM0</name><vm type="VirtualMachine">vm-57</vm></vm><template>false</template>
                <reason><fault xsi:type="InvalidArgument"><invalidProperty>memoryMB</invalidProperty></fault>
                <localizedMessage>A specified parameter was not correct</localizedMessage></reason>"""));
        events.add(EventPoster.eventEx("com.vmware.vc.faulty", "error", "with a fault", null,
                "<fault><fault xsi:type=\"NotEnoughLicenses\"/><localizedMessage>no licenses</localizedMessage></fault>"));
        events.add(new PostableEvent("HostConnectionLostEvent", """
                <host><name>DC0_H0</name><host type="HostSystem">host-21</host></host>"""));
        events.add(new PostableEvent("DrsVmPoweredOnEvent", """
                <computeResource><name>DC0_C0</name><computeResource type="ClusterComputeResource">domain-c7</computeResource></computeResource>
                <vm><name>DC0_C0_RP0_VM0</name><vm type="VirtualMachine">vm-63</vm></vm><template>false</template>"""));
        events.add(new PostableEvent("TaskEvent", """
                <info><key>task-1</key><task type="Task">task-1</task><name>PowerOnVM_Task</name>
                <descriptionId>VirtualMachine.powerOn</descriptionId><entity type="VirtualMachine">vm-57</entity>
                <entityName>DC0_H0_VM0</entityName><state>success</state><cancelled>false</cancelled>
                <cancelable>false</cancelable><reason xsi:type="TaskReasonUser"><userName>user</userName></reason>
                <queueTime>2024-01-02T03:04:05Z</queueTime><eventChainId>5</eventChainId></info>"""));
        events.add(new PostableEvent("CustomFieldValueChangedEvent", """
                <entity><name>DC0_H0_VM0</name><entity type="VirtualMachine">vm-57</entity></entity>
                <fieldKey>101</fieldKey><name>owner</name><value>team-a</value><prevState>team-b</prevState>"""));
        events.add(new PostableEvent("UserLogoutSessionEvent", """
                <ipAddress>10.0.0.9</ipAddress><userAgent>test</userAgent><callCount>12</callCount>
                <sessionId>abc</sessionId><loginTime>2024-05-06T07:08:09.5+02:00</loginTime>"""));
        return events;
    }
}
