package dev.lanes.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.core.io.LanesIOException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CsvDatasetTest {
    @TempDir
    Path dir;

    private static final Path NAME = Path.of("data.csv");

    private static CsvDataset.Result parse(String text, CsvDataset.Options o) {
        return CsvDataset.parse(text, NAME, o);
    }

    @Test
    void headerAutoDetectedStringLabelsFirstSeen() {
        String text = "sepal_length,sepal_width,species\n5.1,3.5,setosa\n\n7.0, 3.2 ,versicolor\n6.3,3.3,virginica\n4.9,3.0,setosa\n";
        CsvDataset.Result r = parse(text, CsvDataset.Options.defaults());
        assertEquals(List.of("sepal_length", "sepal_width"), r.featureNames());
        assertEquals(List.of("setosa", "versicolor", "virginica"), r.classNames());
        assertArrayEquals(new int[] {0, 1, 2, 0}, r.data().labels());
        assertArrayEquals(new float[] {5.1f, 3.5f, 7.0f, 3.2f, 6.3f, 3.3f, 4.9f, 3.0f}, r.data().features());
        assertEquals(2, r.data().numFeatures());
        assertEquals(3, r.data().numClasses());
        assertEquals("data.csv", r.data().name());
    }

    @Test
    void sortedOrderAndFixedClasses() {
        String text = "f,y\n1,zebra\n2,ant\n3,moose\n";
        CsvDataset.Result r = parse(text, CsvDataset.Options.defaults().order(CsvDataset.LabelOrder.SORTED));
        assertEquals(List.of("ant", "moose", "zebra"), r.classNames());
        assertArrayEquals(new int[] {2, 0, 1}, r.data().labels());
        CsvDataset.Result fixed = parse(text, CsvDataset.Options.defaults().classes(List.of("moose", "zebra", "ant", "cat")));
        assertArrayEquals(new int[] {1, 2, 0}, fixed.data().labels());
        assertEquals(4, fixed.data().numClasses());
        LanesIOException e = assertThrows(LanesIOException.class,
                () -> parse(text, CsvDataset.Options.defaults().classes(List.of("ant", "zebra"))));
        assertEquals("data.csv: line 4, column 2 (y): unknown label 'moose'; the classes are [ant, zebra]", e.getMessage());
    }

    @Test
    void noHeaderIntegerLabelsByIndexAndOtherDelimiter() {
        String text = "3;0.5;1e-3\n1;-2;+4\n";
        CsvDataset.Result r = parse(text, CsvDataset.Options.defaults().delimiter(';').labelColumn(0));
        assertEquals(List.of("c2", "c3"), r.featureNames());
        assertArrayEquals(new int[] {3, 1}, r.data().labels());
        assertEquals(List.of("0", "1", "2", "3"), r.classNames());
        assertArrayEquals(new float[] {0.5f, 1e-3f, -2f, 4f}, r.data().features());
        // integers read as names when asked
        CsvDataset.Result names = parse(text, CsvDataset.Options.defaults().delimiter(';').labelColumn(0)
                .labels(CsvDataset.LabelMode.NAMES));
        assertEquals(List.of("3", "1"), names.classNames());
    }

    @Test
    void labelByNameAndQuotes() {
        String text = "\"label\",\"a, b\",c\n\"x\",\"1.5\",2\n\"y \"\"q\"\"\",3,4\n";
        CsvDataset.Result r = parse(text, CsvDataset.Options.defaults().labelColumn("label"));
        assertEquals(List.of("a, b", "c"), r.featureNames());
        assertEquals(List.of("x", "y \"q\""), r.classNames());
        assertArrayEquals(new float[] {1.5f, 2f, 3f, 4f}, r.data().features());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|data.csv: empty file: no rows",
        "'\n\n'|empty file: no rows",
        "'a,b,y\n'|no data rows after the header",
        "'5\n'|line 1: needs at least 2 columns",
        "'a,b,y\n1,2,x\n3,x\n'|line 3: ragged row: 2 columns, expected 3 as in the first (header) row",
        "'1,2,x\n3,4,5,x\n'|line 2: ragged row: 4 columns, expected 3",
        "'a,b,y\n1,2,x\n3,abc,x\n'|line 3, column 2 (b): not a number: 'abc'",
        "'a,b,y\n1,,x\n'|line 2, column 2 (b): empty cell",
        "'a,b,y\n1,NaN,x\n'|line 2, column 2 (b): not a number: 'NaN'",
        "'a,b,y\n1,Infinity,x\n'|not a number: 'Infinity'",
        "'a,b,y\n1,1f,x\n'|not a number: '1f'",
        "'a,b,y\n1,0x10,x\n'|not a number: '0x10'",
        "'a,b,y\n1,1e999,x\n'|line 2, column 2 (b): '1e999' is out of the float range",
        "'1,2,x\n3,4,\n'|line 2, column 3: empty label",
        "'a,b,y\n1,\"2,x\n'|line 2, column 2: quote opened at character 3 is not closed",
        "'a,b,y\n1,\"2\"3,x\n'|unexpected text after a closing quote",
        "'a,b,y\n1,2\"3,x\n'|a quote inside an unquoted cell",
    })
    void errorsNameLineAndColumn(String text, String expected) {
        LanesIOException e = assertThrows(LanesIOException.class, () -> parse(text, CsvDataset.Options.defaults()));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
        assertTrue(e.getMessage().startsWith("data.csv: "), e.getMessage());
    }

    @Test
    void optionErrors() {
        LanesIOException e = assertThrows(LanesIOException.class,
                () -> parse("1,2\n", CsvDataset.Options.defaults().header(CsvDataset.HeaderMode.ABSENT).labelColumn("y")));
        assertTrue(e.getMessage().contains("given by name, but the file has no header"), e.getMessage());
        e = assertThrows(LanesIOException.class, () -> parse("a,b\n1,2\n", CsvDataset.Options.defaults().labelColumn("y")));
        assertTrue(e.getMessage().contains("no column named 'y' for the label; the header is [a, b]"), e.getMessage());
        e = assertThrows(LanesIOException.class, () -> parse("1,2\n", CsvDataset.Options.defaults().labelColumn(5)));
        assertTrue(e.getMessage().contains("label column index 5 is outside the 2 columns of line 1"), e.getMessage());
        e = assertThrows(LanesIOException.class,
                () -> parse("1,x\n", CsvDataset.Options.defaults().labels(CsvDataset.LabelMode.INTEGER)));
        assertTrue(e.getMessage().contains("line 1, column 2: label 'x' is not an integer"), e.getMessage());
        e = assertThrows(LanesIOException.class, () -> parse("1,5000000\n", CsvDataset.Options.defaults()));
        assertTrue(e.getMessage().contains("more than a million classes"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CsvDataset.Options.defaults().delimiter('"'));
        assertThrows(IllegalArgumentException.class, () -> CsvDataset.Options.defaults().classes(List.of("a", "a")));
    }

    @Test
    void readsFilesAndRefusesBadUtf8() throws IOException {
        Path f = dir.resolve("iris.csv");
        Files.writeString(f, "\uFEFFx,y\r\n1.5,a\r\n2.5,b\r\n", StandardCharsets.UTF_8);
        CsvDataset.Result r = CsvDataset.read(f);
        assertEquals(List.of("x"), r.featureNames());
        assertEquals(2, r.data().size());
        Path bad = dir.resolve("bad.csv");
        Files.write(bad, new byte[] {'1', ',', (byte) 0xff, '\n'});
        LanesIOException e = assertThrows(LanesIOException.class, () -> CsvDataset.read(bad));
        assertTrue(e.getMessage().contains("not valid UTF-8"), e.getMessage());
        e = assertThrows(LanesIOException.class, () -> CsvDataset.read(dir.resolve("none.csv")));
        assertTrue(e.getMessage().endsWith("none.csv: no such file"), e.getMessage());
    }
}
