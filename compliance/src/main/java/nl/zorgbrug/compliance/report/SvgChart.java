package nl.zorgbrug.compliance.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Charts of shares in percent as SVG 1.1 (lines over time, bars per category) (for the printable report and its PDF; no script): one line per series
 * with gaps where a period has no counted study, the y axis 0-100 %, and the target line dashed, as on the console's
 * charts.
 */
public final class SvgChart {
    private static final int W = 720;
    private static final int H = 240;
    private static final int LEFT = 48;
    private static final int RIGHT = 48;
    private static final int TOP = 28;
    private static final int BOTTOM = 36;
    private static final String[] COLOURS = {"#3c5fa8", "#5e9f3a", "#a85f3c"};

    private SvgChart() {
    }

    /** {@code series}: name to one value per label (null: no value). */
    public static String lines(List<String> labels, Map<String, List<Double>> series, double target) {
        StringBuilder b = frame(target);
        int plotW = W - LEFT - RIGHT;
        int plotH = H - TOP - BOTTOM;
        int n = labels.size();
        double step = n <= 1 ? 0 : (double) plotW / (n - 1);
        int every = Math.max(1, (int) Math.ceil(n / 12.0));
        for (int i = 0; i < n; i += every) {
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#555\">%s</text>",
                    x(i, step, plotW, n), H - BOTTOM + 16, escape(labels.get(i))));
        }
        int c = 0;
        for (Map.Entry<String, List<Double>> s : series.entrySet()) {
            String colour = COLOURS[c % COLOURS.length];
            StringBuilder path = new StringBuilder();
            boolean pen = false;
            for (int i = 0; i < n && i < s.getValue().size(); i++) {
                Double v = s.getValue().get(i);
                if (v == null || v.isNaN()) {
                    pen = false;
                    continue;
                }
                double px = x(i, step, plotW, n);
                double py = y(v, plotH);
                path.append(String.format(Locale.ROOT, "%s%.1f,%.1f ", pen ? "L" : "M", px, py));
                pen = true;
                b.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"/>", px, py, colour));
            }
            if (path.length() > 0) {
                b.append("<path d=\"").append(path.toString().trim()).append("\" fill=\"none\" stroke=\"").append(colour)
                        .append("\" stroke-width=\"2\"/>");
            }
            b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"8\" width=\"12\" height=\"3\" fill=\"%s\"/>",
                    LEFT + c * 140, colour));
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"14\">%s</text>", LEFT + c * 140 + 16, escape(s.getKey())));
            c++;
        }
        return b.append("</svg>").toString();
    }

    /**
     * One bar per label (a share of a category, such as a modality, where a line between neighbours would mean
     * nothing), on the same frame and 95 % line as {@link #lines}; a label without a value gets no bar and "—".
     */
    public static String bars(List<String> labels, List<Double> values, double target) {
        StringBuilder b = frame(target);
        int plotW = W - LEFT - RIGHT;
        int plotH = H - TOP - BOTTOM;
        int n = labels.size();
        double slot = n == 0 ? plotW : (double) plotW / n;
        double width = Math.max(2, slot * 0.6);
        for (int i = 0; i < n; i++) {
            double cx = LEFT + slot * (i + 0.5);
            Double v = i < values.size() ? values.get(i) : null;
            if (v != null && !v.isNaN()) {
                double top = y(v, plotH);
                b.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\""
                        + " fill=\"%s\"/>", cx - width / 2, top, width, TOP + plotH - top, COLOURS[0]));
                b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s%%</text>",
                        cx, top - 4, format(Math.round(v * 10) / 10.0)));
            } else {
                b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#555\">"
                        + "\u2014</text>", cx, TOP + plotH - 4));
            }
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#555\">%s</text>",
                    cx, H - BOTTOM + 16, escape(labels.get(i))));
        }
        return b.append("</svg>").toString();
    }

    /** The open SVG with the grid, the y axis 0-100 % and the dashed target line. */
    private static StringBuilder frame(double target) {
        StringBuilder b = new StringBuilder();
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(W).append("\" height=\"").append(H)
                .append("\" viewBox=\"0 0 ").append(W).append(' ').append(H).append("\" font-family=\"sans-serif\" font-size=\"11\">");
        int plotH = H - TOP - BOTTOM;
        for (int p = 0; p <= 100; p += 20) {
            double y = y(p, plotH);
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e0e0e0\"/>",
                    LEFT, y, W - RIGHT, y));
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#555\">%d%%</text>",
                    LEFT - 6, y + 4, p));
        }
        double ty = y(target, plotH);
        b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#b00020\""
                + " stroke-dasharray=\"5,4\"/>", LEFT, ty, W - RIGHT, ty));
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" fill=\"#b00020\">%s%%</text>", W - RIGHT + 4, ty + 4,
                format(target)));
        return b;
    }

    private static double x(int i, double step, int plotW, int n) {
        return n <= 1 ? LEFT + plotW / 2.0 : LEFT + i * step;
    }

    private static double y(double percent, int plotH) {
        return TOP + plotH - percent / 100.0 * plotH;
    }

    static String format(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
