package ru.rabota.bridge.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exception handler of an inbox's file consumer: a file Camel cannot begin to read (its read lock writes
 * {@code <name>.camelLock} beside it, which a read-only inbox refuses) is one WARN line naming it, a DEBUG line at
 * every poll after, and one INFO line once the route takes it ({@link #taken}). Camel's own handler logged a WARN with
 * its stack trace at every poll, a second apart. A file gone from the inbox meanwhile is forgotten silently.
 */
public final class InboxExceptionHandler implements ExchangeExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(InboxExceptionHandler.class);

    /** "feed", "background image": the start of each line. */
    private final String what;
    private final Troubles untaken = new Troubles();
    private final Set<Path> files = ConcurrentHashMap.newKeySet();

    public InboxExceptionHandler(String what) {
        this.what = what;
    }

    @Override
    public void handleException(String message, Exchange exchange, Throwable exception) {
        forgetGone();
        Object file = exchange == null ? null : exchange.getProperty(Exchange.FILE_EXCHANGE_FILE);
        if (!(file instanceof GenericFile<?> generic)) {
            // not a file's: nothing to name, nothing to wait for
            LOG.warn("{} inbox: {}", what, message != null ? message : exception.toString(), exception);
            return;
        }
        Path path = Path.of(generic.getAbsoluteFilePath());
        files.add(path);
        String cause = LogText.cut(exception.toString());
        String hint = exception instanceof IOException ? " (the bridge writes " + path.getFileName() + ".camelLock"
                + " beside a file while it reads it, and moves it out after: the inbox must be writable)" : "";
        untaken.came(path.toString(), LOG, "{} {}: cannot be taken from {}, tried again at every poll: {}{}; one line"
                + " when it is taken", "{} {}: cannot be taken from {} again: {}{}", what, path.getFileName(),
                path.getParent(), cause, hint);
    }

    /** The route took the file (its first step): the end of its trouble, if it had any, one INFO line. */
    public void taken(Exchange exchange) {
        Path path = Path.of(exchange.getMessage().getHeader(Exchange.FILE_PATH, String.class)).toAbsolutePath();
        if (files.remove(path)) {
            untaken.ends(path.toString()).ifPresent(trouble -> LOG.info("{} {}: taken after {} since {}", what,
                    path.getFileName(), trouble.timesText("failed attempt"), trouble.since()));
        }
    }

    private void forgetGone() {
        files.removeIf(path -> {
            if (Files.exists(path)) {
                return false;
            }
            // ends() logs nothing: a trouble that did not end has no INFO line
            untaken.ends(path.toString());
            return true;
        });
    }
}
