package ru.rabota.bridge.jobs;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ru.rabota.bridge.log.LogText;
import ru.rabota.bridge.state.StateUnavailableException;

/**
 * The bundle's own checks of a job command, before anything is sent: the rules the API documents for a job, so that a
 * refused command costs no call and its {@code rejected} event names every problem at once.
 */
public final class JobCommandValidator {

    static final int DESCRIPTION_MAX_LENGTH = 200;

    private static final List<String> COMMANDS = List.of(JobCommand.UPSERT, JobCommand.CLOSE, JobCommand.REVIVE);
    private static final List<String> SALARY_PERIODS = List.of("hourly", "daily", "monthly");
    private static final List<String> PUBLICATION_TYPES = List.of("job_publish", "super_job_publish", "ultra_job_publish");
    private static final List<String> CLOSE_REASONS = List.of("closed_irrelevant", "closed_found", "closed_found_other");

    /** How the state's hh.ru records begin: no external_id may. */
    private static final String HH_RECORDS = Board.HH.id() + ":";
    private static final Pattern CONTACT_PHONE = Pattern.compile("7\\d{10}");

    // the API forbids contact data in descriptions: Russian phone numbers in their usual spellings,
    // e-mail addresses, links and bare domains of the common zones
    // a phone's groups are digits side by side (999 123-45-67, (495) 1234567, 8.999.123.45.67), so that a salary
    // range, whose thousands a space parts, is none: "80 000 - 100 000" has 8 and ten digits too; and a local number
    // in three groups (123-45-67, (495) 123 45 67), as VK refuses it
    private static final Pattern PHONE = Pattern.compile("(?<!\\d)(?:(?:\\+7|8|7)[\\s\\-.]?(?:\\(\\d{3}\\)|\\d{3})"
            + "[\\s\\-.]?\\d{3}(?:[\\s\\-.]?\\d{2}[\\s\\-.]?\\d{2}|\\d{4})"
            + "|(?:\\(\\d{3,5}\\)[\\s\\-]?)?\\d{3}[\\s\\-]\\d{2}[\\s\\-]\\d{2})(?!\\d)");
    /** The digits of the shortest number {@link #PHONE} finds: a description with fewer is not scanned. */
    private static final int PHONE_DIGITS = 7;
    private static final Pattern EMAIL = Pattern.compile("[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+",
            Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern LINK = Pattern.compile("(?:https?://|www\\.)\\S+"
            + "|(?<![@.\\p{L}\\d-])[\\p{L}\\d-]+(?:\\.[\\p{L}\\d-]+)*"
            + "\\.(?:ru|su|рф|рус|com|net|org|info|biz|io|me|pro|online|site|store|shop|club|xyz|app|dev|by|kz|ua|uz)"
            + "(?![\\p{L}\\d])(?:/\\S*)?",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    private static final Job NO_JOB = new Job(null, null, null, null, null, null, null, null, null, null, null, null);

    /** How long a command waits for the profession list read at start-up. */
    private static final Duration PROFESSIONS_WAIT = Duration.ofSeconds(20);

    private final Professions professions;

    public JobCommandValidator(Professions professions) {
        this.professions = professions;
    }

    public Validation validate(JobCommand command) {
        List<String> violations = new ArrayList<>();
        required(violations, "command", command.command());
        oneOf(violations, "command", command.command(), COMMANDS);
        required(violations, "external_id", command.externalId());
        if (command.externalId() != null && command.externalId().startsWith(HH_RECORDS)) {
            // the state keeps VK Работа's records by the bare external_id and hh.ru's as hh:<external_id>
            violations.add("external_id: '" + LogText.cut(command.externalId()) + "' starts with '" + HH_RECORDS
                    + "', which the bundle keeps for its hh.ru records");
        }
        oneOf(violations, "publication_type", command.publicationType(), PUBLICATION_TYPES);
        oneOf(violations, "reason", command.reason(), CLOSE_REASONS);
        if (!JobCommand.UPSERT.equals(command.command())) {
            return new Validation(violations, null);
        }
        Integer professionId = profession(violations, command);
        job(violations, Objects.requireNonNullElse(command.job(), NO_JOB));
        return new Validation(violations, violations.isEmpty() ? professionId : null);
    }

    private Integer profession(List<String> violations, JobCommand command) {
        Integer id = command.professionId();
        String title = command.profession();
        if (id == null && title == null) {
            violations.add("profession_id: missing (or profession, a title)");
            return null;
        }
        if (!professions.awaitLoaded(PROFESSIONS_WAIT)) {
            // not the command's fault: the work fails, is not committed, and is tried again later
            throw new StateUnavailableException("profession list not loaded yet: GET /professions has not answered");
        }
        if (id != null && !professions.exists(id)) {
            violations.add("profession_id: " + id + " is not in the profession directory");
        }
        if (title == null) {
            return id;
        }
        OptionalInt byTitle = professions.idOf(title);
        if (byTitle.isEmpty()) {
            violations.add("profession: '" + LogText.cut(title) + "' is not in the profession directory");
        } else if (id != null && id != byTitle.getAsInt()) {
            violations.add("profession: '" + LogText.cut(title) + "' is profession_id " + byTitle.getAsInt() + ", not " + id);
        }
        return byTitle.isPresent() ? Integer.valueOf(byTitle.getAsInt()) : id;
    }

    private static void job(List<String> violations, Job job) {
        required(violations, "job.title", job.title());
        required(violations, "job.description", job.description());
        required(violations, "job.address", job.address());
        description(violations, job.description());
        coordinate(violations, "job.lat", job.lat(), 90);
        coordinate(violations, "job.long", job.longitude(), 180);
        salary(violations, "job.salary_from", job.salaryFrom());
        salary(violations, "job.salary_to", job.salaryTo());
        // numbers are shown by toString(): the plain form of 1E+999999999 has a billion digits
        if (job.salaryFrom() != null && job.salaryTo() != null && job.salaryFrom().compareTo(job.salaryTo()) > 0) {
            violations.add("job.salary_from: " + LogText.cut(job.salaryFrom().toString())
                    + " is greater than job.salary_to: " + LogText.cut(job.salaryTo().toString()));
        }
        oneOf(violations, "job.salary_period", job.salaryPeriod(), SALARY_PERIODS);
        if (job.contactPhone() != null && !CONTACT_PHONE.matcher(job.contactPhone()).matches()) {
            violations.add("job.contact_phone: '" + LogText.cut(job.contactPhone()) + "' is not in the format 7XXXXXXXXXX");
        }
    }

    private static void required(List<String> violations, String field, String value) {
        String violation = required(field, value);
        if (violation != null) {
            violations.add(violation);
        }
    }

    /** What is wrong with a field every command needs ({@code external_id: '' is blank}), or null; hh.ru's too. */
    public static String required(String field, String value) {
        if (value == null) {
            return field + ": missing";
        }
        return value.isBlank() ? field + ": '" + LogText.cut(value) + "' is blank" : null;
    }

    /**
     * What is wrong with the job's salary period ({@code job.salary_period: 'Hourly' is not one of ...}), or null;
     * hh.ru's too, whose salary_range would take any other value for a monthly salary.
     */
    public static String salaryPeriod(Job job) {
        return notOneOf("job.salary_period", job == null ? null : job.salaryPeriod(), SALARY_PERIODS);
    }

    private static void description(List<String> violations, String description) {
        if (description == null) {
            return;
        }
        int length = description.codePointCount(0, description.length());
        if (length > DESCRIPTION_MAX_LENGTH) {
            violations.add("job.description: " + length + " characters, at most " + DESCRIPTION_MAX_LENGTH);
        }
        // each pattern needs what most descriptions lack (7 digits, an @, a dot or ://): a description without it
        // is not scanned, which costs more than the rest of the validation
        if (description.chars().filter(c -> c >= '0' && c <= '9').limit(PHONE_DIGITS).count() == PHONE_DIGITS) {
            contact(violations, description, PHONE, "a phone number");
        }
        if (description.indexOf('@') >= 0) {
            contact(violations, description, EMAIL, "an e-mail address");
        }
        if (description.indexOf('.') >= 0 || description.contains("://")) {
            contact(violations, description, LINK, "a link");
        }
    }

    private static void contact(List<String> violations, String description, Pattern pattern, String what) {
        Matcher found = pattern.matcher(description);
        if (found.find()) {
            violations.add("job.description: contains " + what + " '" + found.group() + "'");
        }
    }

    private static void coordinate(List<String> violations, String field, BigDecimal value, int limit) {
        if (value == null) {
            violations.add(field + ": missing");
        } else if (value.abs().compareTo(BigDecimal.valueOf(limit)) > 0) {
            violations.add(field + ": " + LogText.cut(value.toString()) + " is outside [-" + limit + ", " + limit + "]");
        }
    }

    private static void salary(List<String> violations, String field, BigDecimal value) {
        if (value == null) {
            return;
        }
        if (value.signum() < 0) {
            violations.add(field + ": " + LogText.cut(value.toString()) + " is negative");
        }
        if (value.stripTrailingZeros().scale() > 0) {
            violations.add(field + ": " + LogText.cut(value.toString()) + " is not an integer");
        }
    }

    private static void oneOf(List<String> violations, String field, String value, List<String> allowed) {
        String violation = notOneOf(field, value, allowed);
        if (violation != null) {
            violations.add(violation);
        }
    }

    private static String notOneOf(String field, String value, List<String> allowed) {
        return value != null && !allowed.contains(value)
                ? field + ": '" + LogText.cut(value) + "' is not one of " + String.join(", ", allowed) : null;
    }
}
