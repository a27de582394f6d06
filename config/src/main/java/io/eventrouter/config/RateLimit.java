package io.eventrouter.config;

@Doc("Most events per second handed to the processor: events beyond it wait in the queue (never dropped); a full "
        + "queue holds the providers back as usual.")
public record RateLimit(
        @Required @Doc("Events per second, on average (e.g. 50, or 0.5 for one every two seconds). Every attempt "
                + "counts, retries included.") Double eventsPerSecond,
        @Default("1") @Doc("Events that may go at once after a quiet spell, above the steady rate.") Integer burst)
        implements Validatable {

    @Override
    public void validate(Validation v) throws ConfigException {
        v.check(eventsPerSecond == null || (eventsPerSecond >= 0.001 && eventsPerSecond <= 1_000_000),
                "eventsPerSecond", "must be 0.001 to 1000000");
        v.check(burst == null || burst >= 1, "burst", "must be 1 or more");
    }

    /** The burst, 1 when not given. */
    public int burstOrDefault() {
        return burst == null ? 1 : burst;
    }
}
