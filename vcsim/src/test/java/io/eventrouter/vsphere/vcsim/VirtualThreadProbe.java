package io.eventrouter.vsphere.vcsim;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Run in a JVM whose virtual threads have one carrier and no spare ({@code jdk.virtualThreadScheduler.parallelism=1},
 * {@code maxPoolSize=1}): starts a simulator, then a virtual thread, and exits 0 when that thread ran, 1 when it
 * found no carrier within 10 s.
 */
public final class VirtualThreadProbe {

    private VirtualThreadProbe() {
    }

    public static void main(String[] args) throws Exception {
        boolean ran;
        try (Vcsim vcsim = Vcsim.builder().plainHttp().start()) {
            CompletableFuture<String> run = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> run.complete("ran"));
            try {
                run.get(10, TimeUnit.SECONDS);
                ran = true;
            } catch (TimeoutException e) {
                System.out.println("a virtual thread found no carrier while vcsim " + vcsim.port() + " ran");
                ran = false;
            }
        }
        System.exit(ran ? 0 : 1);
    }
}
