package dev.lanes.core.io;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal, strict JSON reader and writer (RFC 8259) for small headers read from untrusted
 * files (safetensors, checkpoints). No dependency.
 *
 * <p>Values map to Java as: object = {@code Map<String, Object>} (insertion-ordered, unmodifiable),
 * array = {@code List<Object>} (unmodifiable), string = {@code String}, number = {@link Num}
 * (kept as its text: a 10 MB run of digits costs no quadratic conversion, and conversion checks
 * the range), {@code true}/{@code false} = {@code Boolean}, {@code null} = {@link #NULL}.
 *
 * <p>Strict on purpose: the input must be valid UTF-8; no comments, trailing commas, single
 * quotes, leading zeros, bare control characters in strings, lone surrogates in {@code \\u}
 * escapes, or duplicate object keys; nesting is limited to {@link #MAX_DEPTH} levels (no stack
 * overflow on {@code [[[[...}); only whitespace may follow the value. Every error is a
 * {@link ParseException} giving the character offset.
 */
public final class Json {
    /** Deepest nesting of arrays and objects accepted. */
    public static final int MAX_DEPTH = 64;

    /** The JSON {@code null} value. */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    private Json() {}

    /** A JSON number, kept as its (validated) text. */
    public record Num(String text) {
        /** The value as a {@code long}, if it is an integer literal (no fraction or exponent) in range. */
        public long longValueExact() {
            if (text.indexOf('.') >= 0 || text.indexOf('e') >= 0 || text.indexOf('E') >= 0) {
                throw new ArithmeticException("not an integer: " + abbreviate(text));
            }
            // at most 19 digits plus a sign fit a long; longer text is out of range without parsing it
            if (text.length() > 20) {
                throw new ArithmeticException("integer out of the 64-bit range: " + abbreviate(text));
            }
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new ArithmeticException("integer out of the 64-bit range: " + abbreviate(text));
            }
        }

        /** The value as a {@code double} (may be infinite for huge exponents). */
        public double doubleValue() {
            if (text.length() > 1000) {
                throw new ArithmeticException("number literal too long: " + abbreviate(text));
            }
            return Double.parseDouble(text);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** Malformed JSON; the message names the offset and the problem. */
    public static final class ParseException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final long offset;

        ParseException(long offset, String problem) {
            super("invalid JSON at character " + offset + ": " + problem);
            this.offset = offset;
        }

        /** Character offset (after UTF-8 decoding) where the problem was found. */
        public long offset() {
            return offset;
        }
    }

    /** Parses UTF-8 bytes (strict decoding: malformed UTF-8 is an error). */
    public static Object parse(byte[] utf8) {
        CharBuffer chars;
        try {
            chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8));
        } catch (CharacterCodingException e) {
            throw new ParseException(0, "the text is not valid UTF-8 (" + e + ")");
        }
        return parse(chars.toString());
    }

    /** Parses one JSON value; only whitespace may follow it. */
    public static Object parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("text must not be null");
        }
        Parser p = new Parser(text);
        p.skipWs();
        Object v = p.value(0);
        p.skipWs();
        if (p.pos != text.length()) {
            throw new ParseException(p.pos, "unexpected " + p.describe() + " after the value");
        }
        return v;
    }

    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        String describe() {
            if (pos >= s.length()) {
                return "end of input";
            }
            char c = s.charAt(pos);
            return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("character U+%04X", (int) c);
        }

        void skipWs() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                    pos++;
                } else {
                    break;
                }
            }
        }

        Object value(int depth) {
            if (pos >= s.length()) {
                throw new ParseException(pos, "unexpected end of input, expected a value");
            }
            char c = s.charAt(pos);
            switch (c) {
                case '{':
                    return object(depth + 1);
                case '[':
                    return array(depth + 1);
                case '"':
                    return string();
                case 't':
                    literal("true");
                    return Boolean.TRUE;
                case 'f':
                    literal("false");
                    return Boolean.FALSE;
                case 'n':
                    literal("null");
                    return NULL;
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        return number();
                    }
                    throw new ParseException(pos, "unexpected " + describe() + ", expected a value");
            }
        }

        void literal(String word) {
            if (!s.startsWith(word, pos)) {
                throw new ParseException(pos, "unexpected " + describe() + ", expected a value");
            }
            pos += word.length();
        }

        Map<String, Object> object(int depth) {
            if (depth > MAX_DEPTH) {
                throw new ParseException(pos, "nesting deeper than " + MAX_DEPTH + " levels");
            }
            pos++; // {
            Map<String, Object> m = new LinkedHashMap<>();
            skipWs();
            if (pos < s.length() && s.charAt(pos) == '}') {
                pos++;
                return Collections.unmodifiableMap(m);
            }
            while (true) {
                skipWs();
                if (pos >= s.length() || s.charAt(pos) != '"') {
                    throw new ParseException(pos, "unexpected " + describe() + ", expected a string key");
                }
                int keyAt = pos;
                String key = string();
                skipWs();
                expect(':');
                skipWs();
                Object v = value(depth);
                if (m.containsKey(key)) {
                    throw new ParseException(keyAt, "duplicate key \"" + abbreviate(key) + "\"");
                }
                m.put(key, v);
                skipWs();
                if (pos < s.length() && s.charAt(pos) == ',') {
                    pos++;
                    continue;
                }
                if (pos < s.length() && s.charAt(pos) == '}') {
                    pos++;
                    return Collections.unmodifiableMap(m);
                }
                throw new ParseException(pos, "unexpected " + describe() + ", expected ',' or '}'");
            }
        }

        List<Object> array(int depth) {
            if (depth > MAX_DEPTH) {
                throw new ParseException(pos, "nesting deeper than " + MAX_DEPTH + " levels");
            }
            pos++; // [
            List<Object> list = new ArrayList<>();
            skipWs();
            if (pos < s.length() && s.charAt(pos) == ']') {
                pos++;
                return Collections.unmodifiableList(list);
            }
            while (true) {
                skipWs();
                list.add(value(depth));
                skipWs();
                if (pos < s.length() && s.charAt(pos) == ',') {
                    pos++;
                    continue;
                }
                if (pos < s.length() && s.charAt(pos) == ']') {
                    pos++;
                    return Collections.unmodifiableList(list);
                }
                throw new ParseException(pos, "unexpected " + describe() + ", expected ',' or ']'");
            }
        }

        void expect(char c) {
            if (pos >= s.length() || s.charAt(pos) != c) {
                throw new ParseException(pos, "unexpected " + describe() + ", expected '" + c + "'");
            }
            pos++;
        }

        String string() {
            int start = pos;
            pos++; // opening quote
            StringBuilder b = null;
            int runStart = pos;
            while (true) {
                if (pos >= s.length()) {
                    throw new ParseException(start, "unterminated string");
                }
                char c = s.charAt(pos);
                if (c == '"') {
                    String out = b == null ? s.substring(runStart, pos) : b.append(s, runStart, pos).toString();
                    pos++;
                    return out;
                }
                if (c < 0x20) {
                    throw new ParseException(pos, String.format("control character U+%04X in a string (must be escaped)", (int) c));
                }
                if (c != '\\') {
                    pos++;
                    continue;
                }
                if (b == null) {
                    b = new StringBuilder();
                }
                b.append(s, runStart, pos);
                int escAt = pos;
                pos++;
                if (pos >= s.length()) {
                    throw new ParseException(start, "unterminated string");
                }
                char e = s.charAt(pos++);
                switch (e) {
                    case '"' -> b.append('"');
                    case '\\' -> b.append('\\');
                    case '/' -> b.append('/');
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'n' -> b.append('\n');
                    case 'r' -> b.append('\r');
                    case 't' -> b.append('\t');
                    case 'u' -> {
                        char u = hex4(escAt);
                        if (Character.isHighSurrogate(u)) {
                            if (!s.startsWith("\\u", pos)) {
                                throw new ParseException(escAt, "lone high surrogate \\u" + Integer.toHexString(u));
                            }
                            int lowAt = pos;
                            pos += 2;
                            char lo = hex4(lowAt);
                            if (!Character.isLowSurrogate(lo)) {
                                throw new ParseException(lowAt, "high surrogate not followed by a low surrogate");
                            }
                            b.append(u).append(lo);
                        } else if (Character.isLowSurrogate(u)) {
                            throw new ParseException(escAt, "lone low surrogate \\u" + Integer.toHexString(u));
                        } else {
                            b.append(u);
                        }
                    }
                    default -> throw new ParseException(escAt, "invalid escape \\" + (e >= 0x20 && e < 0x7f
                            ? String.valueOf(e) : String.format("U+%04X", (int) e)));
                }
                runStart = pos;
            }
        }

        char hex4(int escAt) {
            if (pos + 4 > s.length()) {
                throw new ParseException(escAt, "truncated \\u escape");
            }
            int v = 0;
            for (int i = 0; i < 4; i++) {
                int d = Character.digit(s.charAt(pos + i), 16);
                if (d < 0 || s.charAt(pos + i) > 'f') {
                    throw new ParseException(escAt, "invalid \\u escape (expected 4 hex digits)");
                }
                v = v * 16 + d;
            }
            pos += 4;
            return (char) v;
        }

        Num number() {
            int start = pos;
            if (s.charAt(pos) == '-') {
                pos++;
            }
            if (pos >= s.length() || !isDigit(s.charAt(pos))) {
                throw new ParseException(pos, "invalid number: expected a digit");
            }
            if (s.charAt(pos) == '0') {
                pos++;
                if (pos < s.length() && isDigit(s.charAt(pos))) {
                    throw new ParseException(start, "invalid number: leading zero");
                }
            } else {
                while (pos < s.length() && isDigit(s.charAt(pos))) {
                    pos++;
                }
            }
            if (pos < s.length() && s.charAt(pos) == '.') {
                pos++;
                if (pos >= s.length() || !isDigit(s.charAt(pos))) {
                    throw new ParseException(pos, "invalid number: expected a digit after '.'");
                }
                while (pos < s.length() && isDigit(s.charAt(pos))) {
                    pos++;
                }
            }
            if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
                pos++;
                if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
                    pos++;
                }
                if (pos >= s.length() || !isDigit(s.charAt(pos))) {
                    throw new ParseException(pos, "invalid number: expected a digit in the exponent");
                }
                while (pos < s.length() && isDigit(s.charAt(pos))) {
                    pos++;
                }
            }
            return new Num(s.substring(start, pos));
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }
    }

    /**
     * Writes a value as compact JSON. Accepts {@code Map<String, ?>} (written in its iteration
     * order), {@code List<?>}, {@code String}, {@link Num}, {@code Long}/{@code Integer},
     * finite {@code Double}/{@code Float}, {@code Boolean}, {@code null} or {@link #NULL}.
     */
    public static String write(Object value) {
        StringBuilder b = new StringBuilder();
        write(b, value, 0);
        return b.toString();
    }

    private static void write(StringBuilder b, Object v, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("JSON value nested deeper than " + MAX_DEPTH + " levels");
        }
        if (v == null || v == NULL) {
            b.append("null");
        } else if (v instanceof String str) {
            quote(b, str);
        } else if (v instanceof Boolean bool) {
            b.append(bool.booleanValue());
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            b.append(((Number) v).longValue());
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("JSON cannot hold the number " + d);
            }
            b.append(v);
        } else if (v instanceof Num n) {
            parse(n.text()); // validates
            b.append(n.text());
        } else if (v instanceof Map<?, ?> m) {
            b.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String k)) {
                    throw new IllegalArgumentException("JSON object keys must be strings, got " + e.getKey());
                }
                if (!first) {
                    b.append(',');
                }
                first = false;
                quote(b, k);
                b.append(':');
                write(b, e.getValue(), depth + 1);
            }
            b.append('}');
        } else if (v instanceof List<?> list) {
            b.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    b.append(',');
                }
                write(b, list.get(i), depth + 1);
            }
            b.append(']');
        } else {
            throw new IllegalArgumentException("cannot write a " + v.getClass().getName() + " as JSON");
        }
    }

    /** Appends {@code s} as a JSON string literal (quotes, backslashes and control characters escaped). */
    public static void quote(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    if (c < 0x20 || Character.isSurrogate(c) && !validSurrogateAt(s, i)) {
                        b.append(String.format("\\u%04x", (int) c));
                        if (Character.isSurrogate(c)) {
                            throw new IllegalArgumentException("string holds a lone surrogate at index " + i);
                        }
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    private static boolean validSurrogateAt(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "... (" + s.length() + " characters)";
    }
}
