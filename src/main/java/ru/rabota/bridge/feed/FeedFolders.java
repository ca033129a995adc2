package ru.rabota.bridge.feed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;

import ru.rabota.bridge.properties.InvalidPropertyException;

/**
 * Where feeds go once read: {@code done/} with their report, {@code error/} with {@code <name>.error.txt} when they
 * cannot be read (by default both beside the inbox). A name already taken there is never overwritten: the file gets
 * a timestamp before its extension, {@code jobs.csv} → {@code jobs-20260123T101500123.csv}.
 */
public final class FeedFolders {

    /** What follows a file's name in the names of the files that go with it, but for a feed's report. */
    private static final List<String> COMPANIONS = List.of(".error.txt", ".json", ".report.json");

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS");

    private final Path done;
    private final Path error;
    private final Clock clock;

    FeedFolders(Path done, Path error, Clock clock) {
        this.done = done;
        this.error = error;
        this.clock = clock;
    }

    /**
     * @param done  blank: {@code done} beside the inbox
     * @param error blank: {@code error} beside the inbox
     */
    public static FeedFolders of(String inbox, String done, String error) {
        Path inboxPath = Path.of(inbox).toAbsolutePath().normalize();
        Path parent = inboxPath.getParent();
        FeedFolders folders = new FeedFolders(folder(done, parent, "done"), folder(error, parent, "error"),
                Clock.systemDefaultZone());
        notTheInbox("bridge.feed.done", done, folders.done, inboxPath);
        notTheInbox("bridge.feed.error", error, folders.error, inboxPath);
        return folders;
    }

    public Path done() {
        return done;
    }

    public Path error() {
        return error;
    }

    /** A path in done/ for this feed whose name, and report name, no earlier feed has taken. */
    public Path doneTarget(String fileName) throws IOException {
        return freeName(done, fileName);
    }

    public Path errorTarget(String fileName) throws IOException {
        return freeName(error, fileName);
    }

    /**
     * What tells this file from another put at its path later: the file system's key (the inode; null where there is
     * none) for a feed moved over it, its time and size for one written over it in place (an export overwriting its
     * file, {@code cp}), which keeps the key; null when the path names no file.
     */
    public static Object identity(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return Arrays.asList(attributes.fileKey(), attributes.lastModifiedTime(), attributes.size());
        } catch (IOException e) {
            return null;
        }
    }

    /** {@code done/jobs.csv} → {@code done/jobs.csv.report.csv} */
    static Path reportOf(Path target) {
        return target.resolveSibling(FeedReport.fileName(target.getFileName().toString()));
    }

    /**
     * Where a feed's report is written while the feed is published: {@code done/.jobs.csv.report.csv.part}, hidden
     * and named as files being written are, so that no one takes it for a report, nor {@link #doneTarget} for a name
     * taken (a crash leaves it behind). By the feed's name, not its target's, so that the feed read again after a
     * crash writes over it, whatever its target then.
     */
    Path reportWhileWritten(String feedName) {
        return done.resolve("." + FeedReport.fileName(feedName) + ".part");
    }

    /** Starts a feed's report, under the name it is written by ({@link #reportWhileWritten}). */
    FeedReport startReport(String feedName, char delimiter) throws IOException {
        return FeedReport.create(reportWhileWritten(feedName), delimiter, feedName);
    }

    /**
     * Gives a feed's report, once complete, its name: in one step (a rename), unless to another file system, where it
     * is copied.
     */
    void nameReport(String feedName, Path report) throws IOException {
        Path written = reportWhileWritten(feedName);
        try {
            Files.move(written, report, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(written, report);
        }
    }

    /** Deletes a feed's report not named: the feed is read again later, and its report written anew. */
    void deleteReport(String feedName) throws IOException {
        Files.deleteIfExists(reportWhileWritten(feedName));
    }

    /**
     * Whether error/ can take a file now: a folder (made when missing) that can be written. So a feed that could not
     * be moved there is read again only then.
     */
    boolean errorWritable() {
        try {
            Files.createDirectories(error);
        } catch (IOException e) {
            return false;
        }
        return Files.isWritable(error);
    }

    /** Moves an unreadable feed to error/ and writes {@code <name>.error.txt} beside it; returns the moved file. */
    Path moveToError(Path file, String why) throws IOException {
        Path target = errorTarget(file.getFileName().toString());
        Files.move(file, target);
        Files.writeString(target.resolveSibling(target.getFileName() + ".error.txt"), why + System.lineSeparator(),
                StandardCharsets.UTF_8);
        return target;
    }

    private Path freeName(Path folder, String fileName) throws IOException {
        Files.createDirectories(folder);
        Path target = folder.resolve(fileName);
        if (!taken(target)) {
            return target;
        }
        int dot = fileName.lastIndexOf('.');
        String base = dot > 0 ? fileName.substring(0, dot) : fileName;
        String extension = dot > 0 ? fileName.substring(dot) : "";
        String stamped = base + "-" + LocalDateTime.now(clock).format(STAMP);
        // a loop only for two feeds of one name within a millisecond
        for (int n = 1; taken(target = folder.resolve(stamped + extension)); n++) {
            stamped = base + "-" + LocalDateTime.now(clock).format(STAMP) + "-" + n;
        }
        return target;
    }

    /**
     * Whether the name, or a file that goes with a file of that name (a feed's report or error text, an image's
     * sidecar or report), is there already: the file moved there would find it taken, or overwrite it.
     */
    private static boolean taken(Path target) {
        String name = target.getFileName().toString();
        return Files.exists(target) || Files.exists(reportOf(target)) || COMPANIONS.stream()
                .anyMatch(suffix -> Files.exists(target.resolveSibling(name + suffix)));
    }

    /** A feed moved into the inbox would be read again, under a longer name each time, for ever. */
    private static void notTheInbox(String property, String setting, Path folder, Path inbox) {
        if (folder.equals(inbox)) {
            throw new InvalidPropertyException(property, setting, "a folder other than the inbox (bridge.feed.inbox):"
                    + " a feed moved there would be read again and again");
        }
    }

    private static Path folder(String setting, Path inboxParent, String name) {
        Path folder = setting == null || setting.isBlank() ? inboxParent.resolve(name) : Path.of(setting);
        return folder.toAbsolutePath().normalize();
    }
}
