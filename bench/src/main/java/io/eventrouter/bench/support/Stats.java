package io.eventrouter.bench.support;

import java.util.List;

/** Summaries of repeated measurements. */
public final class Stats {

    private Stats() {
    }

    /** The nearest-rank percentile ({@code p} from 0 to 1) of ascending {@code sorted}; NaN when empty. */
    public static double percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }

    /** The median; for an even count the mean of the two middle values. */
    public static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /**
     * The value at index n/2 of the sorted values: the median for an odd count (the harnesses run an odd number of
     * rounds by default), the upper of the two middle values for an even one.
     */
    public static double middle(List<Double> values) {
        return values.stream().sorted().toList().get(values.size() / 2);
    }

    /** {@link #middle(List)} of ascending {@code sorted}, 0 when empty. */
    public static long middle(long[] sorted) {
        return sorted.length == 0 ? 0 : sorted[sorted.length / 2];
    }
}
