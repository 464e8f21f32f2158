package io.github.resnetcourse.kernel.magic;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One line magic, {@code %name arg1 "arg two"}: its name and its arguments split on spaces, with
 * single or double quotes grouping an argument that contains spaces.
 *
 * @param name the magic's name without {@code %}
 * @param args the arguments, quotes removed
 */
public record MagicLine(String name, List<String> args) {
    /** Defensive copy. */
    public MagicLine {
        args = List.copyOf(args);
    }

    /** Parses {@code line} if it is a line magic ({@code %name ...}, not {@code %%name}). */
    public static Optional<MagicLine> parse(String line) {
        String s = line.strip();
        if (!s.startsWith("%") || s.startsWith("%%") || s.length() < 2) {
            return Optional.empty();
        }
        List<String> words = split(s.substring(1));
        if (words.isEmpty() || !words.get(0).matches("[A-Za-z_][A-Za-z0-9_-]*")) {
            return Optional.empty();
        }
        return Optional.of(new MagicLine(words.get(0), words.subList(1, words.size())));
    }

    /** Splits on whitespace; quotes group, a backslash escapes the next character. */
    static List<String> split(String s) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                word.append(s.charAt(++i));
                inWord = true;
            } else if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("Unclosed quote " + quote + " in magic: %" + s);
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
