package ru.rabota.bridge.jobs;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** A job board a vacancy is published to (CONTRACT.md section 6), by the id commands and events use. */
public enum Board {
    VKRABOTA("vkrabota"), HH("hh");

    public static final List<String> IDS = Arrays.stream(values()).map(Board::id).toList();

    private final String id;

    Board(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<Board> of(String id) {
        return Arrays.stream(values()).filter(board -> board.id.equals(id)).findFirst();
    }
}
