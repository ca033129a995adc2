package ru.rabota.bridge.feed;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ru.rabota.bridge.command.CommandNumbers;
import ru.rabota.bridge.log.LogText;

/**
 * The columns a feed may have (CONTRACT.md sections 4 and 6), each with where its value goes in a job command:
 * the API's job fields, {@code boards} ({@code vkrabota|hh}), and {@code hh.<field>}, a field of hh.ru's vacancy
 * ({@code hh.area}, {@code hh.professional_roles} as {@code 96|97}, {@code hh.description}, ...).
 */
enum FeedColumn {
    EXTERNAL_ID(Kind.TEXT, false), TITLE(Kind.TEXT, true), DESCRIPTION(Kind.TEXT, true), LAT(Kind.DECIMAL, true),
    LONG(Kind.DECIMAL, true), ADDRESS(Kind.TEXT, true), PROFESSION_ID(Kind.INTEGER, false),
    PROFESSION(Kind.TEXT, false), SALARY_FROM(Kind.DECIMAL, true), SALARY_TO(Kind.DECIMAL, true),
    SALARY_PERIOD(Kind.TEXT, true), CONTACT_PHONE(Kind.TEXT, true), REMOTE(Kind.BOOLEAN, true),
    AUTO_RENEW(Kind.BOOLEAN, true), PUBLICATION_TYPE(Kind.TEXT, false), COMMAND(Kind.TEXT, false),
    REASON(Kind.TEXT, false), BOARDS(Kind.LIST, false), HH(Kind.HH_FIELD, false);

    /** The prefix of hh.ru's own columns. */
    static final String HH_PREFIX = "hh.";

    /**
     * A column of one feed's header: what it is, and its name there ({@code hh.area} for {@link #HH}); of a nameless
     * column after the last named one ({@link #ofHeader}), no kind and no name.
     */
    record Column(FeedColumn kind, String header) {

        /** A nameless column after the last named one: its cells must be empty. */
        static final Column TRAILING = new Column(null, "");

        void put(ObjectNode command, String cell, boolean decimalComma) {
            kind.put(command, header, cell, decimalComma);
        }
    }

    private final Kind kind;
    private final boolean jobAttribute;
    private final String header;

    FeedColumn(Kind kind, boolean jobAttribute) {
        this.kind = kind;
        this.jobAttribute = jobAttribute;
        this.header = name().toLowerCase(Locale.ROOT);
    }

    String header() {
        return header;
    }

    /**
     * The columns of a header, names trimmed and case-insensitive. Nameless columns after the last named one are
     * {@link Column#TRAILING}: a spreadsheet writes delimiters for the columns once used (Excel), or ends each line with
     * one (1C), and such a file is a feed all the same.
     *
     * @throws FeedUnreadableException naming each unknown, nameless (before the last named one) or duplicated column,
     *                                 or a missing external_id
     */
    static List<Column> ofHeader(List<String> names) {
        int named = names.size();
        while (named > 0 && names.get(named - 1).isBlank()) {
            named--;
        }
        Map<String, FeedColumn> known = Arrays.stream(values()).filter(c -> c != HH)
                .collect(Collectors.toMap(FeedColumn::header, c -> c));
        List<Column> columns = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Map<String, Integer> positions = new HashMap<>();
        for (int i = 0; i < named; i++) {
            String name = names.get(i).strip().toLowerCase(Locale.ROOT);
            FeedColumn column = name.startsWith(HH_PREFIX) && name.length() > HH_PREFIX.length() ? HH : known.get(name);
            if (column == null) {
                problems.add((name.isEmpty() ? "column " + (i + 1) + " has no name" : "unknown column '" + name + "'"));
            } else if (positions.putIfAbsent(name, i + 1) != null) {
                problems.add("duplicated column '" + name + "' (columns " + positions.get(name) + " and " + (i + 1)
                        + ")");
            }
            columns.add(column == null ? null : new Column(column, name));
        }
        boolean nothingKnown = columns.stream().allMatch(Objects::isNull);
        columns.addAll(Collections.nCopies(names.size() - named, Column.TRAILING));
        if (nothingKnown) {
            // a file without its header: the first line is a row, its cells (phones, addresses) no column names
            problems = List.of("its first line names no known column (" + names.size() + " cells), a feed starts"
                    + " with a header row");
        } else if (!positions.containsKey(EXTERNAL_ID.header())) {
            problems.add("no external_id column");
        }
        if (!problems.isEmpty()) {
            throw new FeedUnreadableException("bad header: " + String.join("; ", problems) + " (known columns: "
                    + Arrays.stream(values()).filter(c -> c != HH).map(FeedColumn::header)
                    .collect(Collectors.joining(", ")) + ", hh.<field>)");
        }
        return columns;
    }

    /**
     * Puts a non-empty cell into the command tree: job attributes under {@code job}, the rest at the top.
     *
     * @param decimalComma a {@code ;} feed (Russian Excel) writes {@code 55,75}
     * @throws IllegalArgumentException saying what the value is not
     */
    private void put(ObjectNode command, String name, String cell, boolean decimalComma) {
        if (this == HH) {
            command.withObjectProperty("hh").set(name.substring(HH_PREFIX.length()), kind.convert(cell, decimalComma));
            return;
        }
        ObjectNode target = jobAttribute ? command.withObjectProperty("job") : command;
        target.set(header, kind.convert(cell, decimalComma));
    }

    private enum Kind {
        TEXT {
            @Override
            JsonNode convert(String cell, boolean decimalComma) {
                return NODES.textNode(cell);
            }
        },
        DECIMAL {
            @Override
            JsonNode convert(String cell, boolean decimalComma) {
                String number = withoutSpaces(cell);
                BigDecimal value;
                try {
                    value = new BigDecimal(decimalComma ? number.replace(',', '.') : number);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + LogText.cut(cell) + "' is not a number");
                }
                if (!CommandNumbers.withinDigits(value)) {
                    throw new IllegalArgumentException("'" + LogText.cut(cell) + "' " + CommandNumbers.TOO_MANY_DIGITS);
                }
                return NODES.numberNode(value);
            }
        },
        INTEGER {
            @Override
            JsonNode convert(String cell, boolean decimalComma) {
                try {
                    return NODES.numberNode(Integer.parseInt(withoutSpaces(cell)));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + LogText.cut(cell) + "' is not an integer");
                }
            }
        },
        BOOLEAN {
            @Override
            JsonNode convert(String cell, boolean decimalComma) {
                Boolean value = BOOLEANS.get(cell.toLowerCase(Locale.ROOT));
                if (value == null) {
                    throw new IllegalArgumentException("'" + LogText.cut(cell) + "' is not one of true, false, 1, 0, да, нет");
                }
                return NODES.booleanNode(value);
            }
        },
        /** {@code vkrabota|hh}: several values in one cell. */
        LIST {
            @Override
            JsonNode convert(String cell, boolean decimalComma) {
                ArrayNode values = NODES.arrayNode();
                Arrays.stream(cell.split("\\|")).map(String::strip).filter(v -> !v.isEmpty()).forEach(values::add);
                return values;
            }
        },
        /**
         * An hh.ru field: {@code true}/{@code false} a flag, anything else text; a list field's {@code a|b} becomes
         * its list where the hh.ru body is made (HhVacancyRequests), which knows the list fields: a {@code |} in a
         * description is text.
         */
        HH_FIELD {
            @Override
            JsonNode convert(String cell, boolean decimalComma) {
                return cell.equals("true") || cell.equals("false") ? NODES.booleanNode(cell.equals("true"))
                        : NODES.textNode(cell);
            }
        };

        private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
        private static final Map<String, Boolean> BOOLEANS = Map.of("true", true, "false", false, "1", true,
                "0", false, "да", true, "нет", false);

        abstract JsonNode convert(String cell, boolean decimalComma);

        // spreadsheets group thousands with (non-breaking) spaces: "50 000"
        private static String withoutSpaces(String cell) {
            return cell.replaceAll("\\h", "");
        }
    }
}
