package io.eventrouter.systemtests.ha;

import io.eventrouter.vsphere.vcsim.EventPoster;
import io.eventrouter.vsphere.vcsim.Vcsim;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Several vcsim processes, each read by two vcenter providers: one through {@code 127.0.0.1}, one through
 * {@code localhost}. The router sets an event's CloudEvent {@code source} to the address its provider reads, so the
 * two providers' deliveries of one simulator's events can be told apart. Each simulator gets GeneralUserEvents
 * "&lt;simulator&gt;-0", "&lt;simulator&gt;-1", ... at a steady rate from its own thread, and the time each was posted is kept.
 */
final class VcenterFleet implements AutoCloseable {

    /** The host names that reach a simulator on 127.0.0.1: one provider each. */
    private static final List<String> HOSTS = List.of("127.0.0.1", "localhost");

    /** One provider: its name in the configuration, the address it reads and the simulator behind it. */
    record Provider(String name, URI address, Simulator simulator) {
    }

    /** One vcsim and what was posted into it: message {@code prefix-n} was posted at {@code postedAt(n)}. */
    static final class Simulator {
        final String prefix;
        final Vcsim vcsim;
        private final List<Long> postedAt = new CopyOnWriteArrayList<>();

        private Simulator(String prefix, Vcsim vcsim) {
            this.prefix = prefix;
            this.vcsim = vcsim;
        }

        int posted() {
            return postedAt.size();
        }

        /** System.nanoTime() when message n was posted (answered by vcsim). */
        long postedAt(int n) {
            return postedAt.get(n);
        }
    }

    private final List<Simulator> simulators;
    private final List<Provider> providers = new ArrayList<>();
    private final List<Thread> posters = new ArrayList<>();
    private final List<Throwable> postingFailures = new CopyOnWriteArrayList<>();

    private VcenterFleet(List<Simulator> simulators) {
        this.simulators = simulators;
        for (Simulator simulator : simulators) {
            for (String host : HOSTS) {
                providers.add(new Provider("vc%02d".formatted(providers.size() + 1),
                        URI.create("http://" + host + ":" + simulator.vcsim.port() + "/sdk"), simulator));
            }
        }
    }

    /** Starts {@code count} simulators at once (each takes a moment to build its inventory). */
    static VcenterFleet start(int count) throws Exception {
        List<Simulator> started = new ArrayList<>();
        try (ExecutorService starting = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Vcsim>> launches = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                launches.add(starting.submit(() -> Vcsim.builder().plainHttp().start()));
            }
            Exception failure = null;
            for (int i = 0; i < count; i++) {
                try {
                    started.add(new Simulator("sim%02d".formatted(i + 1), launches.get(i).get()));
                } catch (ExecutionException e) {
                    failure = e;
                }
            }
            if (failure != null) {
                started.forEach(simulator -> simulator.vcsim.close());
                throw failure;
            }
        }
        return new VcenterFleet(started);
    }

    List<Provider> providers() {
        return providers;
    }

    List<Simulator> simulators() {
        return simulators;
    }

    String username() {
        return simulators.getFirst().vcsim.username();
    }

    String password() {
        return simulators.getFirst().vcsim.password();
    }

    /** Posts one event with message {@code text} into every simulator (not numbered, not timed). */
    void postToEach(String text) throws IOException, InterruptedException {
        for (Simulator simulator : simulators) {
            try (EventPoster poster = simulator.vcsim.eventPoster()) {
                poster.post(EventPoster.generalUserEvent(simulator.prefix + "-" + text));
            }
        }
    }

    /** Posts numbered events into every simulator, {@code perSecond} each, until {@link #stopPosting()}. */
    void startPosting(int perSecond) {
        long pause = TimeUnit.SECONDS.toNanos(1) / perSecond;
        for (Simulator simulator : simulators) {
            posters.add(Thread.ofPlatform().name("post-" + simulator.prefix).start(() -> {
                try (EventPoster events = simulator.vcsim.eventPoster()) {
                    long next = System.nanoTime();
                    while (!Thread.currentThread().isInterrupted()) {
                        events.post(EventPoster.generalUserEvent(simulator.prefix + "-" + simulator.posted()));
                        simulator.postedAt.add(System.nanoTime());
                        next += pause;
                        TimeUnit.NANOSECONDS.sleep(Math.max(0, next - System.nanoTime()));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (IOException | RuntimeException e) {
                    postingFailures.add(e);
                }
            }));
        }
    }

    /** Stops posting; throws when a simulator refused an event, as then "every posted event" is not known. */
    void stopPosting() throws InterruptedException {
        for (Thread poster : posters) {
            poster.interrupt();
        }
        for (Thread poster : posters) {
            poster.join();
        }
        posters.clear();
        if (!postingFailures.isEmpty()) {
            throw new IllegalStateException("posting into a simulator failed", postingFailures.getFirst());
        }
    }

    int totalPosted() {
        return simulators.stream().mapToInt(Simulator::posted).sum();
    }

    @Override
    public void close() throws InterruptedException {
        try {
            stopPosting();
        } catch (IllegalStateException ignored) {
            // already reported by the test, or it failed before
        } finally {
            simulators.forEach(simulator -> simulator.vcsim.close());
        }
    }
}
