package nl.zorgbrug.bgz.testscript;

import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The date variables in the Nictiz fixtures, which the test tool (Touchstone) fills in when it loads them:
 * {@code ${CURRENTDATE}} and {@code ${DATE, T, D, -22}} (today, plus or minus a number of days, months or years).
 */
final class TouchstoneDates {
    private static final Pattern DATE = Pattern.compile("\\$\\{DATE,\\s*T,\\s*([YMD]),\\s*([+-]?\\d+)\\}");

    private TouchstoneDates() {
    }

    static String fill(String text, LocalDate today) {
        String out = text.replace("${CURRENTDATE}", today.toString());
        Matcher m = DATE.matcher(out);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            long n = Long.parseLong(m.group(2));
            LocalDate d = switch (m.group(1)) {
                case "Y" -> today.plusYears(n);
                case "M" -> today.plusMonths(n);
                default -> today.plusDays(n);
            };
            m.appendReplacement(sb, d.toString());
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
