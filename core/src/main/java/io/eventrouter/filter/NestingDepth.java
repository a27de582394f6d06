package io.eventrouter.filter;

/**
 * How deeply a CESQL text nests, counted before it is parsed: open parentheses plus the unary operators
 * ({@code NOT}, {@code -}) stacked on an operand, outside string literals. It may count a little more than the
 * parser's nesting, never less, so refusing a high count keeps the parser's recursion bounded.
 */
final class NestingDepth {

    private NestingDepth() {
    }

    static int of(String text) {
        int max = 0;
        int parentheses = 0;
        int unary = 0;
        boolean afterOperand = false;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\'' || c == '"') {
                i = endOfString(text, i, c);
                afterOperand = true;
                unary = 0;
                continue;
            }
            if (Character.isLetterOrDigit(c) || c == '_') {
                int start = i;
                while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
                    i++;
                }
                if (!afterOperand && text.regionMatches(true, start, "NOT", 0, 3) && i - start == 3) {
                    unary++;
                } else {
                    // an operand, or a keyword that follows one (AND, LIKE, IN, ...) and expects another
                    afterOperand = !isBinaryKeyword(text, start, i);
                    if (afterOperand) {
                        unary = 0;
                    }
                }
            } else {
                switch (c) {
                    case '(' -> {
                        parentheses++;
                        afterOperand = false;
                    }
                    case ')' -> {
                        parentheses = Math.max(0, parentheses - 1);
                        afterOperand = true;
                        unary = 0;
                    }
                    case '-' -> {
                        if (!afterOperand) {
                            unary++;
                        }
                        afterOperand = false;
                    }
                    default -> {
                        if (!Character.isWhitespace(c)) {
                            afterOperand = false; // an operator or a comma
                        }
                    }
                }
                i++;
            }
            max = Math.max(max, parentheses + unary);
        }
        return max;
    }

    private static boolean isBinaryKeyword(String text, int start, int end) {
        String word = text.substring(start, end);
        for (String keyword : new String[] {"AND", "OR", "XOR", "LIKE", "IN", "NOT"}) {
            if (keyword.equalsIgnoreCase(word)) {
                return true;
            }
        }
        return false;
    }

    /** The index after the literal opened at {@code start}; a backslash escapes the next character. */
    private static int endOfString(String text, int start, char quote) {
        int i = start + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == quote) {
                return i + 1;
            } else {
                i++;
            }
        }
        return i;
    }
}
