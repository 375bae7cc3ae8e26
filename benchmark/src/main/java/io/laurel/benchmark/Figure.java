package io.laurel.benchmark;

import java.util.Locale;

/**
 * A measured figure beside the reference it is judged against, both from the same run.
 *
 * @param what      what was measured, e.g. {@code ingest events/s}
 * @param value     the figure
 * @param unit      its unit, e.g. {@code /s} or {@code ms}
 * @param versus    the reference's name, e.g. {@code raw update TPS}
 * @param reference the reference's value in the same unit (ratio = value / reference)
 * @param aim       the ratio aimed for, e.g. {@code ≥ 3×} (empty when none); {@link #met} compares against it
 * @param met       whether the aim was met (true when there is none)
 */
public record Figure(String what, double value, String unit, String versus, double reference, String aim,
                     boolean met) {

    /** A figure whose ratio to {@code reference} should be at least {@code atLeast}. */
    public static Figure atLeast(String what, double value, String unit, String versus, double reference,
                                 double atLeast) {
        return new Figure(what, value, unit, versus, reference, "≥ " + trim(atLeast) + "×",
                value >= atLeast * reference);
    }

    /** A figure (a latency, say) whose ratio to {@code reference} should be at most {@code atMost}. */
    public static Figure atMost(String what, double value, String unit, String versus, double reference,
                                double atMost) {
        return new Figure(what, value, unit, versus, reference, "≤ " + trim(atMost) + "×",
                value <= atMost * reference);
    }

    /** A figure reported for information, with no aim. */
    public static Figure info(String what, double value, String unit, String versus, double reference) {
        return new Figure(what, value, unit, versus, reference, "", true);
    }

    /** The figures given, without the nulls (a figure that could not be measured here). */
    public static java.util.List<Figure> listOf(Figure... figures) {
        return java.util.Arrays.stream(figures).filter(java.util.Objects::nonNull).toList();
    }

    public double ratio() {
        return reference == 0 ? Double.NaN : value / reference;
    }

    /** One Markdown table row: what | value | reference | ratio | aim. */
    public String row() {
        return String.format(Locale.ROOT, "| %s | %s %s | %s %s (%s) | %.2f× | %s |", what, number(value), unit,
                number(reference), unit, versus, ratio(), aim.isEmpty() ? "—" : aim + (met ? " ✓" : " ✗"));
    }

    static String number(double v) {
        if (Math.abs(v) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
