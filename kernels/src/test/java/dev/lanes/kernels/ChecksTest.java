package dev.lanes.kernels;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The argument checks every public kernel entry point relies on. */
class ChecksTest {

    private static String message(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void rangeNamesTheArgumentAndTheNumbers() {
        float[] a = new float[10];
        assertEquals("x must not be null", message(() -> Checks.range((float[]) null, 0, 1, "x")));
        assertEquals("x offset must be >= 0, got -1", message(() -> Checks.range(a, -1, 1, "x")));
        assertEquals("length of x must be >= 0, got -2", message(() -> Checks.range(a, 0, -2, "x")));
        assertEquals("x: offset 4 + length 7 = 11 exceeds the array length 10",
                message(() -> Checks.range(a, 4, 7, "x")));
        assertDoesNotThrow(() -> Checks.range(a, 10, 0, "x"));
        assertDoesNotThrow(() -> Checks.range(a, 3, 7, "x"));
    }

    @Test
    void rangeDoesNotOverflowForHugeLengths() {
        float[] a = new float[10];
        assertEquals("x: offset 2147483647 + length 2147483647 = 4294967294 exceeds the array length 10",
                message(() -> Checks.range(a, Integer.MAX_VALUE, Integer.MAX_VALUE, "x")));
    }

    @Test
    void matrixChecksLeadingDimensionAndExtent() {
        float[] a = new float[20];
        assertEquals("leading dimension of A must be >= 5 (its column count), got 4",
                message(() -> Checks.matrix(a, 0, 2, 5, 4, "A")));
        // 3 rows of 5 with ld 8: last element at 2*8 + 5 - 1 = 20 -> needs 21 elements.
        assertEquals("A: offset 0 + length 21 = 21 exceeds the array length 20",
                message(() -> Checks.matrix(a, 0, 3, 5, 8, "A")));
        assertDoesNotThrow(() -> Checks.matrix(a, 0, 3, 4, 8, "A"));
        assertDoesNotThrow(() -> Checks.matrix(a, 20, 0, 4, 8, "A"));
        assertEquals("A: offset 99 + length 0 = 99 exceeds the array length 20",
                message(() -> Checks.matrix(a, 99, 0, 4, 8, "A")));
        assertEquals("rows of A must be >= 0, got -1", message(() -> Checks.matrix(a, 0, -1, 4, 8, "A")));
    }

    @Test
    void elementsRejectsProductsPastTheLargestArray() {
        assertEquals(12, Checks.elements(3, 4, "x"));
        assertEquals("x: 65536 x 65536 = 4294967296 elements exceeds the largest array length 2147483647",
                message(() -> Checks.elements(65536, 65536, "x")));
    }
}
