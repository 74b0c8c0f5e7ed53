package nl.zorgbrug.compliance.scan;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;

/**
 * A folder tree, depth first, each folder's entries in name order, so two walks of an unchanged tree give the same
 * sequence (what resuming relies on). Streams: memory follows the depth and the largest folder, never the tree.
 * Symbolic links are not followed (no loops, nothing outside the tree). Files named DICOMDIR are left out: they
 * index the objects, they are none. A folder that cannot be listed becomes one unreachable entry with the reason.
 */
public final class TreeWalk implements FileSource {
    private final Path root;

    public TreeWalk(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public String id() {
        return "folder " + root;
    }

    @Override
    public long count() {
        long n = 0;
        for (SourceFile ignored : this) {
            n++;
        }
        return n;
    }

    @Override
    public Iterator<SourceFile> iterator() {
        return new Walker();
    }

    private final class Walker implements Iterator<SourceFile> {
        /** Per open folder, its remaining entries in name order. */
        private final Deque<Iterator<Path>> stack = new ArrayDeque<>();
        private SourceFile next;

        Walker() {
            SourceFile problem = push(root);
            next = problem;
        }

        private SourceFile push(Path dir) {
            List<Path> entries = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                for (Path p : ds) {
                    entries.add(p);
                }
            } catch (IOException | RuntimeException e) {
                return SourceFile.unreachable(name(dir) + "/", "cannot list the folder: " + e);
            }
            entries.sort(null);
            stack.push(entries.iterator());
            return null;
        }

        private String name(Path p) {
            String rel = root.relativize(p).toString();
            return p.getFileSystem().getSeparator().equals("/") ? rel : rel.replace(p.getFileSystem().getSeparator(), "/");
        }

        @Override
        public boolean hasNext() {
            while (next == null && !stack.isEmpty()) {
                Iterator<Path> top = stack.peek();
                if (!top.hasNext()) {
                    stack.pop();
                    continue;
                }
                Path p = top.next();
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    next = push(p);
                } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                        && !p.getFileName().toString().toUpperCase(Locale.ROOT).equals("DICOMDIR")) {
                    next = SourceFile.of(p, name(p));
                }
            }
            return next != null;
        }

        @Override
        public SourceFile next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            SourceFile f = next;
            next = null;
            return f;
        }
    }
}
