package io.eventrouter.eventbridge;

import java.util.ArrayList;
import java.util.List;

/** Splits entries, in order, into PutEvents requests of at most 10 entries and 256 KB. */
final class PutEventsBatches {

    static final int MAX_ENTRIES = 10;
    static final int MAX_REQUEST_BYTES = 256 * 1024;

    private PutEventsBatches() {
    }

    /**
     * Groups the indexes of {@code entries} into requests; an entry that cannot fit into any request on its own is
     * left out (the caller rejects it).
     */
    static List<List<Integer>> split(List<Envelope> entries) {
        List<List<Integer>> requests = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        int bytes = 0;
        for (int i = 0; i < entries.size(); i++) {
            int size = entries.get(i).size();
            if (size > MAX_REQUEST_BYTES) {
                continue;
            }
            if (current.size() == MAX_ENTRIES || bytes + size > MAX_REQUEST_BYTES) {
                requests.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(i);
            bytes += size;
        }
        if (!current.isEmpty()) {
            requests.add(current);
        }
        return requests;
    }
}
