package io.eventrouter.bench.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop HTTP load: {@code concurrency} virtual threads each POST a binary-mode CloudEvent, wait for the answer,
 * and post the next. Counts 2xx answers inside the measured window (after a warm-up).
 */
final class LoadGenerator {

    record Result(long accepted, long failed, double perSecond) {
    }

    private static final String DATA = """
            {"Key":%d,"ChainId":%d,"CreatedTime":"2026-11-21T10:07:35.155Z","UserName":"VSPHERE.LOCAL\\\\Administrator",\
            "Datacenter":{"Name":"DC0","Datacenter":{"Type":"Datacenter","Value":"datacenter-2"}},\
            "ComputeResource":{"Name":"DC0_C0","ComputeResource":{"Type":"ClusterComputeResource","Value":"domain-c7"}},\
            "Host":{"Name":"DC0_C0_H0","Host":{"Type":"HostSystem","Value":"host-27"}},\
            "Vm":{"Name":"DC0_C0_RP0_VM0","Vm":{"Type":"VirtualMachine","Value":"vm-57"}},"Ds":null,"Net":null,"Dvs":null,\
            "FullFormattedMessage":"DC0_C0_RP0_VM0 on DC0_C0_H0 in DC0 is powered off","ChangeTag":"","Template":false}""";

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final AtomicLong sequence = new AtomicLong();

    Result run(URI target, int concurrency, Duration warmup, Duration measured) throws InterruptedException {
        AtomicBoolean counting = new AtomicBoolean();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong accepted = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                while (running.get()) {
                    boolean ok = send(target);
                    if (counting.get()) {
                        (ok ? accepted : failed).incrementAndGet();
                    }
                }
            }));
        }
        Thread.sleep(warmup);
        counting.set(true);
        long start = System.nanoTime();
        Thread.sleep(measured);
        counting.set(false);
        double seconds = (System.nanoTime() - start) / 1e9;
        running.set(false);
        for (Thread thread : threads) {
            thread.join();
        }
        return new Result(accepted.get(), failed.get(), accepted.get() / seconds);
    }

    private boolean send(URI target) {
        long n = sequence.incrementAndGet();
        HttpRequest request = HttpRequest.newBuilder(target)
                .header("Content-Type", "application/json")
                .header("ce-specversion", "1.0")
                .header("ce-id", Long.toString(n))
                .header("ce-source", "https://vcenter.local/sdk")
                .header("ce-type", "com.vmware.event.router/event")
                .header("ce-subject", "VmPoweredOffEvent")
                .header("ce-time", "2026-11-21T10:07:35.155Z")
                .POST(HttpRequest.BodyPublishers.ofString(DATA.formatted(n, n), StandardCharsets.UTF_8))
                .build();
        try {
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status >= 200 && status < 300;
        } catch (Exception e) {
            return false;
        }
    }
}
