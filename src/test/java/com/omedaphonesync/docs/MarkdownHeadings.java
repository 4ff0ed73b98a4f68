package com.omedaphonesync.docs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The anchors GitHub gives a Markdown page's headings. */
final class MarkdownHeadings {
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+?)\\s*#*\\s*$");
    private static final Pattern FENCE = Pattern.compile("^\\s{0,3}(```|~~~)");

    private MarkdownHeadings() {
    }

    /**
     * GitHub's slugs: lower case, everything but letters, digits, spaces, '-' and '_' removed, spaces turned to
     * '-'; a repeated slug gets -1, -2... Headings inside fenced code blocks are none.
     */
    static List<String> anchors(String markdown) {
        List<String> anchors = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : withoutFencedCode(markdown).split("\n")) {
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                String slug = heading.group(1).toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "")
                        .replace(' ', '-');
                int count = seen.merge(slug, 1, Integer::sum);
                anchors.add(count == 1 ? slug : slug + "-" + (count - 1));
            }
        }
        return anchors;
    }

    /** The page with the lines of fenced code blocks blanked out. */
    static String withoutFencedCode(String markdown) {
        StringBuilder kept = new StringBuilder();
        boolean inFence = false;
        for (String line : markdown.split("\n", -1)) {
            if (FENCE.matcher(line).lookingAt()) {
                inFence = !inFence;
                kept.append('\n');
            } else {
                kept.append(inFence ? "" : line).append('\n');
            }
        }
        return kept.toString();
    }
}
