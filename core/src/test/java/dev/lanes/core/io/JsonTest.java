package dev.lanes.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

    @Test
    void parsesEveryKindOfValue() {
        Object v = Json.parse(" {\"a\": [1, -2.5e3, 0, true, false, null], \"b\": {\"c\": \"x\\ny\\u00e9\\ud83d\\ude00\"}} ");
        Map<?, ?> m = (Map<?, ?>) v;
        List<?> a = (List<?>) m.get("a");
        assertEquals(6, a.size());
        assertEquals(1L, ((Json.Num) a.get(0)).longValueExact());
        assertEquals(-2500.0, ((Json.Num) a.get(1)).doubleValue());
        assertEquals(0L, ((Json.Num) a.get(2)).longValueExact());
        assertEquals(Boolean.TRUE, a.get(3));
        assertEquals(Boolean.FALSE, a.get(4));
        assertEquals(Json.NULL, a.get(5));
        assertEquals("x\nyé\uD83D\uDE00", ((Map<?, ?>) m.get("b")).get("c"));
        assertEquals(List.of("a", "b"), List.copyOf(m.keySet()));
    }

    @Test
    void writeThenParseRoundTrips() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("quote\"back\\slash", "ctl\u0001\t\r\n\b\f/é\uD83D\uDE00");
        m.put("nums", List.of(0L, -1L, Long.MAX_VALUE, Long.MIN_VALUE, 1.5));
        m.put("empty", Map.of());
        m.put("none", Json.NULL);
        String text = Json.write(m);
        Map<?, ?> back = (Map<?, ?>) Json.parse(text);
        assertEquals(m.get("quote\"back\\slash"), back.get("quote\"back\\slash"));
        List<?> nums = (List<?>) back.get("nums");
        assertEquals(Long.MAX_VALUE, ((Json.Num) nums.get(2)).longValueExact());
        assertEquals(Long.MIN_VALUE, ((Json.Num) nums.get(3)).longValueExact());
        assertEquals(Json.NULL, back.get("none"));
        assertEquals(text, Json.write(back));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|end of input",
        "'{'|expected a string key",
        "'{\"a\"'|expected ':'",
        "'{\"a\":1'|expected ',' or '}'",
        "'[1,2'|expected ',' or ']'",
        "'[1,]'|expected a value",
        "'{\"a\":1,}'|expected a string key",
        "'\"abc'|unterminated string",
        "'\"a\\'|unterminated string",
        "'\"\\x\"'|invalid escape \\x",
        "'\"\\u12zz\"'|invalid \\u escape",
        "'\"\\u12'|truncated \\u escape",
        "'\"\\ud800\"'|lone high surrogate",
        "'\"\\udc00\"'|lone low surrogate",
        "'\"\\ud800\\u0041\"'|not followed by a low surrogate",
        "'01'|leading zero",
        "'-'|expected a digit",
        "'1.'|after '.'",
        "'1e'|exponent",
        "'+1'|expected a value",
        "'tru'|expected a value",
        "'nul'|expected a value",
        "'{} x'|after the value",
        "'[1] [2]'|after the value",
        "'{\"a\":1,\"a\":2}'|duplicate key",
        "'{a:1}'|expected a string key",
        "'[''x'']'|expected a value",
        "'/* c */ 1'|expected a value",
        "'NaN'|expected a value",
        "'Infinity'|expected a value",
    })
    void refusesMalformedText(String text, String expected) {
        Json.ParseException e = assertThrows(Json.ParseException.class, () -> Json.parse(text));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().startsWith("invalid JSON at character "), e.getMessage());
    }

    @Test
    void refusesRawControlCharacterInString() {
        Json.ParseException e = assertThrows(Json.ParseException.class, () -> Json.parse("\"a\u0000b\""));
        assertTrue(e.getMessage().contains("control character U+0000"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"[", "{\"a\":"})
    void deepNestingIsRefusedWithoutStackOverflow(String open) {
        String deep = open.repeat(100_000);
        Json.ParseException e = assertThrows(Json.ParseException.class, () -> Json.parse(deep));
        assertTrue(e.getMessage().contains("nesting deeper than " + Json.MAX_DEPTH), e.getMessage());
        // exactly at the limit is fine
        String ok = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        assertTrue(Json.parse(ok) instanceof List);
        String over = "[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1);
        assertThrows(Json.ParseException.class, () -> Json.parse(over));
    }

    @Test
    void hugeNumbersParseButConvertWithAClearError() {
        String digits = "9".repeat(1_000_000);
        Json.Num n = (Json.Num) Json.parse(digits);
        ArithmeticException e = assertThrows(ArithmeticException.class, n::longValueExact);
        assertTrue(e.getMessage().contains("out of the 64-bit range"), e.getMessage());
        assertThrows(ArithmeticException.class, n::doubleValue);
        assertThrows(ArithmeticException.class, () -> ((Json.Num) Json.parse("9223372036854775808")).longValueExact());
        assertEquals(Long.MAX_VALUE, ((Json.Num) Json.parse("9223372036854775807")).longValueExact());
        assertThrows(ArithmeticException.class, () -> ((Json.Num) Json.parse("1e3")).longValueExact());
        assertThrows(ArithmeticException.class, () -> ((Json.Num) Json.parse("1.0")).longValueExact());
        assertEquals(Double.POSITIVE_INFINITY, ((Json.Num) Json.parse("1e999999999999")).doubleValue());
    }

    @Test
    void truncationAtEveryPointIsRefused() {
        String full = Json.write(Map.of("k", List.of(1L, "s\u00e9\\", Map.of("x", true))));
        for (int i = 0; i < full.length(); i++) {
            String cut = full.substring(0, i);
            assertThrows(Json.ParseException.class, () -> Json.parse(cut), "prefix of length " + i);
        }
        Json.parse(full);
    }

    @Test
    void invalidUtf8IsRefused() {
        byte[] bad = {'"', (byte) 0xC3, '"'};
        Json.ParseException e = assertThrows(Json.ParseException.class, () -> Json.parse(bad));
        assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
        byte[] overlong = {'"', (byte) 0xC0, (byte) 0xAF, '"'};
        assertThrows(Json.ParseException.class, () -> Json.parse(overlong));
        assertEquals("é", Json.parse("\"é\"".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void writerRefusesWhatJsonCannotHold() {
        assertThrows(IllegalArgumentException.class, () -> Json.write(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Json.write(List.of(new Object())));
        assertThrows(IllegalArgumentException.class, () -> Json.write("lone \uD800 surrogate"));
    }
}
