package io.eventrouter.ha;

/**
 * Told about one provider's leadership. Calls come one at a time, from the coordinator's threads; {@link #elected()}
 * and {@link #deposed()} alternate, starting with {@code elected}.
 */
public interface LeadershipListener {

    /** This replica now runs the provider: start it (from the shared checkpoint). */
    void elected();

    /** This replica must no longer run the provider (another may already be starting it): stop it now. */
    void deposed();

    /** The replica that holds the provider now ({@code null} when none does). */
    void leaderChanged(String identity);
}
