package io.eventrouter.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * A small seeded mutation fuzzer for tests: it starts from seed inputs (valid ones and known-hostile ones) and
 * feeds the target mutated copies (bytes flipped, inserted, deleted, slices duplicated, seeds spliced together).
 * The target throws {@link AssertionError} (or anything unexpected) for a crash; each crash is kept with its input.
 *
 * <p>How long it runs: {@code -Dfuzz.iterations=N} inputs per target (default {@value #DEFAULT_ITERATIONS}, what
 * the test suite runs), from {@code -Dfuzz.seed=S} (default fixed, so a failure repeats; give another to explore).
 */
public final class Fuzzer {

    public static final int DEFAULT_ITERATIONS = 3000;

    private final Random random;
    private final long seed;
    private final int iterations;
    private final List<byte[]> seeds = new ArrayList<>();

    private Fuzzer(long seed, int iterations) {
        this.seed = seed;
        this.random = new Random(seed);
        this.iterations = iterations;
    }

    /** The fuzzer the system properties ask for. */
    public static Fuzzer fromSystemProperties() {
        return new Fuzzer(Long.getLong("fuzz.seed", 17L), Integer.getInteger("fuzz.iterations", DEFAULT_ITERATIONS));
    }

    public Fuzzer seed(String input) {
        seeds.add(input.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    public Fuzzer seed(byte[] input) {
        seeds.add(input.clone());
        return this;
    }

    /** What one run found. */
    public record Report(String target, long seed, int tried, List<String> crashes) {
        @Override
        public String toString() {
            return target + ": " + tried + " inputs from seed " + seed + ", " + crashes.size() + " crashes"
                    + (crashes.isEmpty() ? "" : ", first: " + crashes.getFirst());
        }
    }

    /** Runs {@code target} on the seeds, then on mutants until the iterations are done. */
    public Report run(String name, Consumer<byte[]> target) {
        List<String> crashes = new ArrayList<>();
        int tried = 0;
        for (byte[] input : seeds) {
            tried++;
            attempt(target, input, crashes);
        }
        while (tried < iterations) {
            tried++;
            attempt(target, mutate(seeds.get(random.nextInt(seeds.size()))), crashes);
        }
        Report report = new Report(name, seed, tried, List.copyOf(crashes));
        System.out.println("fuzz " + report);
        return report;
    }

    /** The same over text: mutants are decoded as UTF-8 (malformed bytes become U+FFFD). */
    public Report runText(String name, Consumer<String> target) {
        return run(name, bytes -> target.accept(new String(bytes, StandardCharsets.UTF_8)));
    }

    private static void attempt(Consumer<byte[]> target, byte[] input, List<String> crashes) {
        try {
            target.accept(input);
        } catch (Throwable e) {
            if (crashes.size() < 20) {
                String text = new String(input, StandardCharsets.UTF_8);
                crashes.add(e + " on input " + (text.length() > 300 ? text.substring(0, 300) + "…" : text));
            }
        }
    }

    private byte[] mutate(byte[] original) {
        byte[] input = original;
        int mutations = 1 + random.nextInt(4);
        for (int i = 0; i < mutations; i++) {
            input = mutateOnce(input);
        }
        return input;
    }

    private byte[] mutateOnce(byte[] input) {
        int length = input.length;
        int at = length == 0 ? 0 : random.nextInt(length);
        return switch (random.nextInt(7)) {
            case 0 -> { // flip a bit
                if (length == 0) {
                    yield input;
                }
                byte[] copy = input.clone();
                copy[at] ^= (byte) (1 << random.nextInt(8));
                yield copy;
            }
            case 1 -> splice(input, at, 0, new byte[] {interesting()});
            case 2 -> splice(input, at, Math.min(length - at, 1 + random.nextInt(8)), new byte[0]);
            case 3 -> { // duplicate a slice many times: nesting, long values
                int size = Math.min(length - at, 1 + random.nextInt(16));
                byte[] slice = java.util.Arrays.copyOfRange(input, at, at + size);
                int times = 1 + random.nextInt(random.nextBoolean() ? 4 : 2000);
                byte[] repeated = new byte[Math.min(1 << 20, slice.length * times)];
                for (int i = 0; i < repeated.length; i++) {
                    repeated[i] = slice[i % Math.max(1, slice.length)];
                }
                yield splice(input, at, 0, repeated);
            }
            case 4 -> { // splice part of another seed in
                byte[] other = seeds.get(random.nextInt(seeds.size()));
                int from = other.length == 0 ? 0 : random.nextInt(other.length);
                yield splice(input, at, 0, java.util.Arrays.copyOfRange(other, from,
                        Math.min(other.length, from + 1 + random.nextInt(32))));
            }
            case 5 -> { // replace a byte with one that means something to the parsers
                if (length == 0) {
                    yield input;
                }
                byte[] copy = input.clone();
                copy[at] = interesting();
                yield copy;
            }
            default -> splice(input, at, 0, token());
        };
    }

    private static final byte[] INTERESTING = "{}[]()\"'\\%_*,:;-+=<>!&|\u0000\n\r\t @$".getBytes(StandardCharsets.UTF_8);
    private static final String[] TOKENS = {"null", "true", "false", "-1", "0", "9223372036854775808", "1e999",
            "NaN", " AND ", " OR ", " NOT ", " LIKE ", " IN ", "EXISTS ", "\"specversion\"", "\"id\"", "\"data\"",
            "\"data_base64\"", "{\"prefix\":", "{\"wildcard\":\"*a*\"}", "{\"numeric\":[\">\",0]}", "\\u0000",
            "\uD83D\uDE00", "%%%%", "\u00e9"};

    private byte interesting() {
        return INTERESTING[random.nextInt(INTERESTING.length)];
    }

    private byte[] token() {
        return TOKENS[random.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] splice(byte[] input, int at, int remove, byte[] insert) {
        byte[] result = new byte[input.length - remove + insert.length];
        System.arraycopy(input, 0, result, 0, at);
        System.arraycopy(insert, 0, result, at, insert.length);
        System.arraycopy(input, at + remove, result, at + insert.length, input.length - at - remove);
        return result;
    }
}
