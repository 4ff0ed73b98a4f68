package com.omedaphonesync.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Every relative link of README.md and docs/*.md names a file that exists, and every {@code #anchor} into a
 * Markdown page names one of its headings, as GitHub makes them: pages are moved and headings renamed, and an
 * operator following a dead link is left to guess.
 */
class DocsLinksTest {
    /** {@code [text](target)} and {@code ![alt](target)}; the target ends at white space or the parenthesis. */
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern EXTERNAL = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

    @Test
    void everyRelativeLinkAndAnchorLeadsSomewhere() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path page : pages()) {
            for (String target : links(page)) {
                if (EXTERNAL.matcher(target).find()) {
                    continue;
                }
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                Path linked = file.isEmpty() ? page : page.resolveSibling(file).normalize();
                if (!Files.exists(linked)) {
                    broken.add(page + ": " + target + " (no such file " + linked + ")");
                } else if (hash >= 0 && linked.toString().endsWith(".md")
                        && !MarkdownHeadings.anchors(Files.readString(linked)).contains(target.substring(hash + 1))) {
                    broken.add(page + ": " + target + " (no such heading in " + linked + ")");
                }
            }
        }
        assertThat(broken).as("links to files or headings that do not exist").isEmpty();
    }

    @Test
    void theDocsPagesTheReadmeListsAreEveryPage() throws IOException {
        List<String> linked = links(Path.of("README.md")).stream().filter(target -> target.startsWith("docs/"))
                .map(target -> target.replaceAll("#.*", "")).filter(target -> target.endsWith(".md")).distinct()
                .sorted().toList();
        try (Stream<Path> files = Files.list(Path.of("docs"))) {
            List<String> pages = files.map(file -> "docs/" + file.getFileName()).filter(name -> name.endsWith(".md"))
                    .sorted().toList();
            assertThat(linked).as("README.md links every page of docs/, and no page that is not there").isEqualTo(pages);
        }
    }

    @Test
    void headingsBecomeGitHubsAnchors() {
        String page = """
                # Title
                ## Queue (`omeda.source.queue.*`)
                ## 403, "Omeda rejected the app id"
                ## Camel's parts
                ## Throughput, rate limit and memory
                ## Title
                ```sql
                # not a heading
                ```
                    # not a heading either
                """;

        assertThat(MarkdownHeadings.anchors(page)).containsExactly("title", "queue-omedasourcequeue",
                "403-omeda-rejected-the-app-id", "camels-parts", "throughput-rate-limit-and-memory", "title-1");
    }

    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> files = Files.list(Path.of("docs"))) {
            files.filter(file -> file.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    /** The link targets of a page, leaving out code: fenced blocks and inline code spans. */
    private static List<String> links(Path page) throws IOException {
        String text = MarkdownHeadings.withoutFencedCode(Files.readString(page)).replaceAll("`[^`\n]*`", "");
        List<String> targets = new ArrayList<>();
        Matcher link = LINK.matcher(text);
        while (link.find()) {
            targets.add(link.group(1));
        }
        return targets;
    }
}
