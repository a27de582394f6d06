package io.eventrouter.app.viewer;

import java.util.ArrayList;
import java.util.List;

/**
 * One browser's filter, evaluated on the {@link QueryThreads} (never on the request's own virtual thread). Without a
 * filter nothing is evaluated and no thread is asked for.
 */
final class FilterWork {

    private final StreamFilter filter;
    private final QueryThreads queries;
    private final QueryThreads.ClientGone gone;

    FilterWork(StreamFilter filter, QueryThreads queries, QueryThreads.ClientGone gone) {
        this.filter = filter;
        this.queries = queries;
        this.gone = gone;
    }

    StreamFilter filter() {
        return filter;
    }

    /** The entries after {@code since} that match, in order; stops between entries when interrupted. */
    List<ViewerEntry> select(List<ViewerEntry> entries, long since)
            throws QueryThreads.QueryException, InterruptedException {
        if (filter == StreamFilter.ALL) {
            return entries.stream().filter(entry -> entry.sequence() > since).toList();
        }
        return queries.run(() -> {
            List<ViewerEntry> matching = new ArrayList<>();
            for (ViewerEntry entry : entries) {
                if (Thread.interrupted()) {
                    throw new InterruptedException("query stopped");
                }
                if (entry.sequence() > since && filter.matches(entry)) {
                    matching.add(entry);
                }
            }
            return matching;
        }, gone);
    }

    boolean matches(ViewerEntry entry) throws QueryThreads.QueryException, InterruptedException {
        return filter == StreamFilter.ALL || queries.run(() -> filter.matches(entry), gone);
    }
}
