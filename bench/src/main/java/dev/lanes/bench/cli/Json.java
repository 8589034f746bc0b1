package dev.lanes.bench.cli;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Minimal JSON writing for the {@code --json} outputs (flat objects of strings and numbers). */
public final class Json {
    private Json() {}

    /** One JSON object; values may be String, Number, Boolean, a nested map, or a list of maps. */
    public static String object(Map<String, ?> row) {
        StringBuilder sb = new StringBuilder();
        object(sb, row);
        return sb.toString();
    }

    /** A JSON array of objects; values may be String, Number, Boolean, a nested map, or a list of maps. */
    public static String array(List<? extends Map<String, ?>> rows) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < rows.size(); i++) {
            if (i > 0) {
                sb.append(",\n ");
            }
            object(sb, rows.get(i));
        }
        return sb.append("]").toString();
    }

    private static void object(StringBuilder sb, Map<String, ?> row) {
        sb.append('{');
        boolean first = true;
        for (Map.Entry<String, ?> e : row.entrySet()) {
            if (!first) {
                sb.append(", ");
            }
            first = false;
            string(sb, e.getKey());
            sb.append(": ");
            Object v = e.getValue();
            if (v == null) {
                sb.append("null");
            } else if (v instanceof Number num) {
                double d = num.doubleValue();
                if (!Double.isFinite(d)) {
                    sb.append("null");
                } else if (v instanceof Integer || v instanceof Long) {
                    sb.append(num.longValue());
                } else {
                    sb.append(String.format(Locale.ROOT, "%.6g", d));
                }
            } else if (v instanceof Boolean b) {
                sb.append(b);
            } else if (v instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked")
                Map<String, ?> nested = (Map<String, ?>) m;
                object(sb, nested);
            } else if (v instanceof List<?> list) {
                sb.append('[');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        sb.append(", ");
                    }
                    object(sb, (Map<String, ?>) list.get(i));
                }
                sb.append(']');
            } else {
                string(sb, v.toString());
            }
        }
        sb.append('}');
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
