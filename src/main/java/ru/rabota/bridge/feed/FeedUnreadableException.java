package ru.rabota.bridge.feed;

/**
 * A feed that cannot be read as CSV at all (empty, binary, a bad header, broken quoting): the file goes to the error
 * folder with this message in {@code <file name>.error.txt}. Unchecked, because a syntax error far into a file
 * surfaces while its rows are being iterated.
 */
public class FeedUnreadableException extends RuntimeException {

    public FeedUnreadableException(String message) {
        super(message);
    }
}
