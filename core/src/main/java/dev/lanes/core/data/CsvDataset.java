package dev.lanes.core.data;

import dev.lanes.core.io.LanesIOException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Loads tabular data for classification from CSV: numeric feature columns and one label column.
 *
 * <ul>
 *   <li><b>Cells</b>: separated by the delimiter (default {@code ','}), surrounding spaces
 *       trimmed; a cell may be double-quoted ({@code ""} inside quotes is one quote) but may not
 *       span lines. Blank lines are skipped. A feature cell must be a finite decimal number
 *       ({@code -1.5}, {@code 2e-3}); empty cells, {@code NaN}, {@code Infinity}, hex or Java
 *       suffixes ({@code 1f}) are refused.</li>
 *   <li><b>Header</b>: {@link HeaderMode#AUTO} (default) treats the first row as a header when
 *       one of its feature cells is not a number; {@code PRESENT} / {@code ABSENT} force it.
 *       Naming the label column by name needs a header.</li>
 *   <li><b>Label column</b>: by index (0-based; negative counts from the end, default {@code -1},
 *       the last column) or by header name. Every other column is a feature.</li>
 *   <li><b>Labels</b>: {@link LabelMode#AUTO} (default) reads them as integers when every label
 *       cell is a non-negative integer (then the classes are {@code 0..max}, named by their
 *       number), else as class names. Class names map to {@code 0, 1, ...} in order of first
 *       appearance ({@link LabelOrder#FIRST_SEEN}, default) or sorted by {@link String#compareTo}
 *       ({@link LabelOrder#SORTED}). With {@link Options#classes(List)} the classes are fixed
 *       (e.g. a test file mapped with the training file's classes) and any other label is an
 *       error.</li>
 * </ul>
 * Every problem is a {@link LanesIOException} naming the file, the line (1-based, as an editor
 * counts) and the column (1-based, with its header name when there is one): ragged rows,
 * non-numeric cells, unknown labels, empty files.
 */
public final class CsvDataset {
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern NON_NEGATIVE_INT = Pattern.compile("\\+?\\d{1,9}");

    private CsvDataset() {}

    /** Whether the first row is a header. */
    public enum HeaderMode { AUTO, PRESENT, ABSENT }

    /** How labels are read. */
    public enum LabelMode { AUTO, INTEGER, NAMES }

    /** How class names are numbered. */
    public enum LabelOrder { FIRST_SEEN, SORTED }

    /** Immutable options; start from {@link #defaults()}. */
    public record Options(char delimiter, HeaderMode header, int labelIndex, String labelName, LabelMode labels,
            LabelOrder order, List<String> classes) {
        public Options {
            if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
                throw new IllegalArgumentException("delimiter must not be a quote or a line break, got '" + delimiter + "'");
            }
            if (header == null || labels == null || order == null) {
                throw new IllegalArgumentException("header, labels and order must not be null");
            }
            if (classes != null) {
                classes = List.copyOf(classes);
                if (classes.isEmpty() || new java.util.HashSet<>(classes).size() != classes.size()) {
                    throw new IllegalArgumentException("classes must be non-empty and distinct, got " + classes);
                }
            }
        }

        /** Comma, header auto-detected, label in the last column, labels auto, first-seen order. */
        public static Options defaults() {
            return new Options(',', HeaderMode.AUTO, -1, null, LabelMode.AUTO, LabelOrder.FIRST_SEEN, null);
        }

        public Options delimiter(char d) {
            return new Options(d, header, labelIndex, labelName, labels, order, classes);
        }

        public Options header(HeaderMode h) {
            return new Options(delimiter, h, labelIndex, labelName, labels, order, classes);
        }

        /** The label column by 0-based index; negative counts from the end ({@code -1} = last). */
        public Options labelColumn(int index) {
            return new Options(delimiter, header, index, null, labels, order, classes);
        }

        /** The label column by header name (needs a header). */
        public Options labelColumn(String name) {
            if (name == null) {
                throw new IllegalArgumentException("label column name must not be null");
            }
            return new Options(delimiter, header, 0, name, labels, order, classes);
        }

        public Options labels(LabelMode m) {
            return new Options(delimiter, header, labelIndex, labelName, m, order, classes);
        }

        public Options order(LabelOrder o) {
            return new Options(delimiter, header, labelIndex, labelName, labels, o, classes);
        }

        /** Fixed class names (label {@code i} is {@code classes.get(i)}); other labels are errors. */
        public Options classes(List<String> c) {
            return new Options(delimiter, header, labelIndex, labelName, labels, order, c);
        }
    }

    /**
     * A loaded file: the data set, the feature column names (from the header, or {@code c1, c2,
     * ...} by 1-based column number) and the class names by label.
     */
    public record Result(Dataset data, List<String> featureNames, List<String> classNames) {}

    /** Reads {@code file} (UTF-8) with {@link Options#defaults()}. */
    public static Result read(Path file) {
        return read(file, Options.defaults());
    }

    /** Reads {@code file} (UTF-8). */
    public static Result read(Path file, Options options) {
        if (file == null) {
            throw new IllegalArgumentException("file must not be null");
        }
        try (Reader r = new java.io.InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT))) {
            return parse(r, file, options);
        } catch (NoSuchFileException e) {
            throw new LanesIOException(file, "no such file");
        } catch (CharacterCodingException e) {
            throw new LanesIOException(file, "not valid UTF-8 text", e);
        } catch (IOException e) {
            throw new LanesIOException(file, "cannot read the file", e);
        }
    }

    /** Parses CSV text; {@code name} names the source in messages. */
    public static Result parse(String text, Path name, Options options) {
        try {
            return parse(new StringReader(text), name, options);
        } catch (IOException e) {
            throw new LanesIOException(name, "cannot read the text", e);
        }
    }

    private static Result parse(Reader reader, Path file, Options o) throws IOException {
        if (o == null) {
            throw new IllegalArgumentException("options must not be null");
        }
        BufferedReader in = new BufferedReader(reader, 1 << 16);
        List<String> headerCells = null;
        int width = -1;
        int labelCol = -1;
        float[] features = new float[1024];
        int nFeat = 0;
        List<String> rawLabels = new ArrayList<>();
        List<Integer> labelLines = new ArrayList<>();
        String line;
        int lineNo = 0;
        boolean first = true;
        while ((line = in.readLine()) != null) {
            lineNo++;
            if (lineNo == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1); // UTF-8 byte order mark
            }
            if (line.isBlank()) {
                continue;
            }
            List<String> cells = split(line, o.delimiter(), file, lineNo);
            if (first) {
                first = false;
                width = cells.size();
                if (width < 2) {
                    throw new LanesIOException(file, "line " + lineNo + ": needs at least 2 columns (features and a label), got "
                            + width + " (delimiter '" + o.delimiter() + "')");
                }
                boolean isHeader = switch (o.header()) {
                    case PRESENT -> true;
                    case ABSENT -> false;
                    case AUTO -> o.labelName() != null || !allNumericExceptLabel(cells, o);
                };
                if (isHeader) {
                    headerCells = cells;
                }
                labelCol = labelColumn(cells, headerCells, o, file, lineNo);
                if (isHeader) {
                    continue;
                }
            }
            if (cells.size() != width) {
                throw new LanesIOException(file, "line " + lineNo + ": ragged row: " + cells.size() + " columns, expected "
                        + width + " as in the first " + (headerCells != null ? "(header) " : "") + "row");
            }
            for (int c = 0; c < width; c++) {
                if (c == labelCol) {
                    continue;
                }
                String cell = cells.get(c);
                if (!DECIMAL.matcher(cell).matches()) {
                    throw new LanesIOException(file, "line " + lineNo + ", " + columnName(c, headerCells) + ": "
                            + (cell.isEmpty() ? "empty cell" : "not a number: '" + abbreviate(cell) + "'"));
                }
                float v = Float.parseFloat(cell);
                if (!Float.isFinite(v)) {
                    throw new LanesIOException(file, "line " + lineNo + ", " + columnName(c, headerCells) + ": '"
                            + abbreviate(cell) + "' is out of the float range");
                }
                if (nFeat == features.length) {
                    if (features.length >= Integer.MAX_VALUE - 8 - width) {
                        throw new LanesIOException(file, "line " + lineNo + ": more feature values than an array holds");
                    }
                    features = Arrays.copyOf(features, (int) Math.min(Integer.MAX_VALUE - 8L, 2L * features.length));
                }
                features[nFeat++] = v;
            }
            rawLabels.add(cells.get(labelCol));
            labelLines.add(lineNo);
        }
        if (rawLabels.isEmpty()) {
            throw new LanesIOException(file, first ? "empty file: no rows" : "no data rows after the header");
        }
        List<String> featureNames = new ArrayList<>();
        for (int c = 0; c < width; c++) {
            if (c != labelCol) {
                featureNames.add(headerCells != null ? headerCells.get(c) : "c" + (c + 1));
            }
        }
        int n = rawLabels.size();
        int[] labels = new int[n];
        List<String> classNames = mapLabels(rawLabels, labelLines, labels, o, file, columnName(labelCol, headerCells));
        String dsName = file.getFileName() != null ? file.getFileName().toString() : file.toString();
        Dataset data = new Dataset(dsName, Arrays.copyOf(features, nFeat), labels, width - 1, classNames.size());
        return new Result(data, Collections.unmodifiableList(featureNames), classNames);
    }

    private static List<String> mapLabels(List<String> raw, List<Integer> lines, int[] out, Options o, Path file,
            String labelColumn) {
        int n = raw.size();
        if (o.classes() != null) {
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < o.classes().size(); i++) {
                index.put(o.classes().get(i), i);
            }
            for (int i = 0; i < n; i++) {
                Integer k = index.get(raw.get(i));
                if (k == null) {
                    throw new LanesIOException(file, "line " + lines.get(i) + ", " + labelColumn + ": unknown label '"
                            + abbreviate(raw.get(i)) + "'; the classes are " + abbreviate(o.classes().toString()));
                }
                out[i] = k;
            }
            return o.classes();
        }
        boolean integers = o.labels() == LabelMode.INTEGER;
        if (o.labels() == LabelMode.AUTO) {
            integers = true;
            for (String s : raw) {
                if (!NON_NEGATIVE_INT.matcher(s).matches()) {
                    integers = false;
                    break;
                }
            }
        }
        if (integers) {
            int max = 0;
            for (int i = 0; i < n; i++) {
                String s = raw.get(i);
                if (!NON_NEGATIVE_INT.matcher(s).matches()) {
                    throw new LanesIOException(file, "line " + lines.get(i) + ", " + labelColumn + ": label '" + abbreviate(s)
                            + "' is not an integer in [0, 999999999]");
                }
                out[i] = Integer.parseInt(s.startsWith("+") ? s.substring(1) : s);
                max = Math.max(max, out[i]);
            }
            if (max >= 1_000_000) {
                throw new LanesIOException(file, labelColumn + ": largest label " + max
                        + " would make more than a million classes; use class names instead (LabelMode.NAMES)");
            }
            List<String> names = new ArrayList<>(max + 1);
            for (int k = 0; k <= max; k++) {
                names.add(Integer.toString(k));
            }
            return Collections.unmodifiableList(names);
        }
        List<String> names;
        if (o.order() == LabelOrder.SORTED) {
            names = new ArrayList<>(new TreeSet<>(raw));
        } else {
            names = new ArrayList<>();
            Map<String, Integer> seen = new HashMap<>();
            for (String s : raw) {
                if (seen.putIfAbsent(s, names.size()) == null) {
                    names.add(s);
                }
            }
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            index.put(names.get(i), i);
        }
        for (int i = 0; i < n; i++) {
            if (raw.get(i).isEmpty()) {
                throw new LanesIOException(file, "line " + lines.get(i) + ", " + labelColumn + ": empty label");
            }
            out[i] = index.get(raw.get(i));
        }
        return Collections.unmodifiableList(names);
    }

    private static boolean allNumericExceptLabel(List<String> cells, Options o) {
        int label = o.labelIndex() < 0 ? cells.size() + o.labelIndex() : o.labelIndex();
        for (int c = 0; c < cells.size(); c++) {
            if (c != label && !DECIMAL.matcher(cells.get(c)).matches()) {
                return false;
            }
        }
        return true;
    }

    private static int labelColumn(List<String> firstRow, List<String> header, Options o, Path file, int lineNo) {
        int width = firstRow.size();
        if (o.labelName() != null) {
            if (header == null) {
                throw new LanesIOException(file, "label column '" + o.labelName() + "' is given by name, but the file has no header");
            }
            int idx = header.indexOf(o.labelName());
            if (idx < 0) {
                throw new LanesIOException(file, "line " + lineNo + ": no column named '" + o.labelName()
                        + "' for the label; the header is " + abbreviate(header.toString()));
            }
            if (header.lastIndexOf(o.labelName()) != idx) {
                throw new LanesIOException(file, "line " + lineNo + ": the label column name '" + o.labelName()
                        + "' appears more than once in the header");
            }
            return idx;
        }
        int idx = o.labelIndex() < 0 ? width + o.labelIndex() : o.labelIndex();
        if (idx < 0 || idx >= width) {
            throw new LanesIOException(file, "label column index " + o.labelIndex() + " is outside the " + width
                    + " columns of line " + lineNo);
        }
        return idx;
    }

    private static String columnName(int c, List<String> header) {
        return "column " + (c + 1) + (header != null ? " (" + abbreviate(header.get(c)) + ")" : "");
    }

    /** Splits one line into trimmed cells, honouring double quotes. */
    static List<String> split(String line, char delim, Path file, int lineNo) {
        List<String> cells = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int i = 0;
        int n = line.length();
        while (true) {
            // skip leading spaces
            while (i < n && (line.charAt(i) == ' ' || line.charAt(i) == '\t') && line.charAt(i) != delim) {
                i++;
            }
            cur.setLength(0);
            if (i < n && line.charAt(i) == '"') {
                int start = i;
                i++;
                while (true) {
                    if (i >= n) {
                        throw new LanesIOException(file, "line " + lineNo + ", column " + (cells.size() + 1)
                                + ": quote opened at character " + (start + 1) + " is not closed on this line"
                                + " (quoted cells may not span lines)");
                    }
                    char c = line.charAt(i);
                    if (c == '"') {
                        if (i + 1 < n && line.charAt(i + 1) == '"') {
                            cur.append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    cur.append(c);
                    i++;
                }
                while (i < n && (line.charAt(i) == ' ' || line.charAt(i) == '\t') && line.charAt(i) != delim) {
                    i++;
                }
                if (i < n && line.charAt(i) != delim) {
                    throw new LanesIOException(file, "line " + lineNo + ", column " + (cells.size() + 1)
                            + ": unexpected text after a closing quote at character " + (i + 1));
                }
                cells.add(cur.toString());
            } else {
                int start = i;
                while (i < n && line.charAt(i) != delim) {
                    if (line.charAt(i) == '"') {
                        throw new LanesIOException(file, "line " + lineNo + ", column " + (cells.size() + 1)
                                + ": a quote inside an unquoted cell at character " + (i + 1));
                    }
                    i++;
                }
                cells.add(line.substring(start, i).strip());
            }
            if (i >= n) {
                return cells;
            }
            i++; // delimiter
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "...";
    }
}
