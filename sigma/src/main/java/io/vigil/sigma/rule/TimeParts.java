package io.vigil.sigma.rule;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.IsoFields;

/** The time modifiers: a number taken from an ISO 8601 date in the field, with no zone conversion (as the specification warns). */
final class TimeParts {
    private TimeParts() {}

    static Integer of(String value, String part) {
        if (value == null) return null;
        LocalDateTime t;
        String v = value.trim().replace(' ', 'T');
        try {
            t = OffsetDateTime.parse(v).toLocalDateTime();
        } catch (DateTimeParseException e) {
            try {
                t = LocalDateTime.parse(v);
            } catch (DateTimeParseException e2) {
                // a date alone has a day, week, month and year, and no time of day
                if (part.equals("minute") || part.equals("hour")) return null;
                try {
                    t = LocalDate.parse(v).atStartOfDay();
                } catch (DateTimeParseException e3) {
                    return null;
                }
            }
        }
        return switch (part) {
            case "minute" -> t.getMinute();
            case "hour" -> t.getHour();
            case "day" -> t.getDayOfMonth();
            case "week" -> t.atOffset(ZoneOffset.UTC).get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
            case "month" -> t.getMonthValue();
            case "year" -> t.get(ChronoField.YEAR);
            default -> null;
        };
    }
}
