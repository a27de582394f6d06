package io.eventrouter.filter;

import java.util.ArrayList;
import java.util.List;

/**
 * A CESQL {@code LIKE} pattern matched without backtracking: {@code %} is any run of characters (line breaks
 * included), {@code _} exactly one character, {@code \%} and {@code \_} the characters themselves, any other
 * character itself (case-sensitive).
 *
 * <p>The pattern is cut at each {@code %}: the first piece must match at the start of the value, the last at its
 * end, and each piece between at its leftmost place after the previous one. Leftmost is always right, because the
 * {@code %} after a piece absorbs whatever a later choice would have skipped. So a match costs at most (value
 * length × pattern length) comparisons however many {@code %} there are, where a regular expression with as many
 * {@code .*} backtracks exponentially on a value that does not match.
 */
public final class LikePattern {

    /** Stands for {@code _} in a piece ({@code \_} is kept as the character '_'). */
    private static final int ANY_ONE = -1;

    private final int[] head;
    private final int[][] middle;
    private final int[] tail;
    private final boolean hasWildcard;

    private LikePattern(int[] head, int[][] middle, int[] tail, boolean hasWildcard) {
        this.head = head;
        this.middle = middle;
        this.tail = tail;
        this.hasWildcard = hasWildcard;
    }

    public static LikePattern compile(String pattern) {
        List<int[]> pieces = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        int[] codePoints = pattern.codePoints().toArray();
        for (int i = 0; i < codePoints.length; i++) {
            int c = codePoints[i];
            if (c == '\\' && i + 1 < codePoints.length && (codePoints[i + 1] == '%' || codePoints[i + 1] == '_')) {
                current.add(codePoints[++i]);
            } else if (c == '%') {
                pieces.add(toArray(current));
                current.clear();
            } else {
                current.add(c == '_' ? ANY_ONE : c);
            }
        }
        pieces.add(toArray(current));
        if (pieces.size() == 1) {
            return new LikePattern(pieces.getFirst(), new int[0][], new int[0], false);
        }
        int[][] middle = pieces.subList(1, pieces.size() - 1).stream().filter(p -> p.length > 0).toArray(int[][]::new);
        return new LikePattern(pieces.getFirst(), middle, pieces.getLast(), true);
    }

    public boolean matches(String value) {
        int[] text = value.codePoints().toArray();
        if (!hasWildcard) {
            return text.length == head.length && matchesAt(head, text, 0);
        }
        int end = text.length - tail.length;
        if (end < head.length || !matchesAt(head, text, 0) || !matchesAt(tail, text, end)) {
            return false;
        }
        int from = head.length;
        for (int[] piece : middle) {
            int found = find(piece, text, from, end);
            if (found < 0) {
                return false;
            }
            from = found + piece.length;
        }
        return true;
    }

    /** The leftmost place in {@code text[from, to)} where the piece matches, or -1. */
    private static int find(int[] piece, int[] text, int from, int to) {
        for (int start = from; start + piece.length <= to; start++) {
            if (matchesAt(piece, text, start)) {
                return start;
            }
        }
        return -1;
    }

    private static boolean matchesAt(int[] piece, int[] text, int start) {
        for (int i = 0; i < piece.length; i++) {
            if (piece[i] != ANY_ONE && piece[i] != text[start + i]) {
                return false;
            }
        }
        return true;
    }

    private static int[] toArray(List<Integer> codePoints) {
        return codePoints.stream().mapToInt(Integer::intValue).toArray();
    }
}
