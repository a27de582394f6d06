package io.eventrouter.kubernetes;

import io.eventrouter.ha.LeadershipListener;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what a campaign tells its listener, with when (System.nanoTime). */
final class RecordingListener implements LeadershipListener {

    record Call(String what, long nanos) {
    }

    final List<Call> calls = new CopyOnWriteArrayList<>();
    volatile String leader;

    @Override
    public void elected() {
        calls.add(new Call("elected", System.nanoTime()));
    }

    @Override
    public void deposed() {
        calls.add(new Call("deposed", System.nanoTime()));
    }

    @Override
    public void leaderChanged(String identity) {
        leader = identity;
    }

    List<String> names() {
        return calls.stream().map(Call::what).toList();
    }

    boolean leading() {
        return !calls.isEmpty() && calls.getLast().what().equals("elected");
    }

    long last(String what) {
        return calls.reversed().stream().filter(c -> c.what().equals(what)).findFirst().orElseThrow().nanos();
    }
}
