package dev.lanes.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The argument contract of every kernel method (package documentation): called through
 * {@link Kernels#get()} with one array a single element short of what the call needs, or with an
 * offset of -1, every method of every family throws an {@link IllegalArgumentException} whose
 * message names that argument (case aside: GEMM names its matrices A, B, C as BLAS does; never an {@code ArrayIndexOutOfBoundsException} from a loop, never
 * a silent success). The methods are found by reflection, so a new kernel method is covered
 * without editing this test.
 *
 * <p>Valid calls use 3 for every dimension ({@code n}, {@code rows}, {@code cols}, {@code m},
 * {@code k}, leading dimensions, ...), 0.5 for every float scalar, {@code false} for every flag
 * and offset 0. For each array the test lowers its length from {@link #LONG} to 0: every length
 * must either run or be rejected by name, the shortest accepted length must be at least 1, and
 * one element less must be rejected by name.
 */
class KernelContractTest {
    /** Longer than any valid call with dimensions 3 needs (gemm: 3 x 3 = 9 elements). */
    private static final int LONG = 32;
    private static final int DIM = 3;
    private static final float SCALAR = 0.5f;

    private static final Map<Class<?>, Function<Kernels, Object>> FAMILIES = Map.of(
            Activations.class, Kernels::activations,
            Vectors.class, Kernels::vectors,
            Reductions.class, Kernels::reductions,
            Gemm.class, Kernels::gemm,
            Norms.class, Kernels::norms,
            Updates.class, Kernels::updates);

    private static boolean isArray(Class<?> t) {
        return t == float[].class || t == int[].class;
    }

    /** Arguments of a valid call; arrays of length {@code LONG}. */
    private static Object[] validArgs(Method m) {
        Parameter[] ps = m.getParameters();
        Object[] args = new Object[ps.length];
        for (int i = 0; i < ps.length; i++) {
            Class<?> t = ps[i].getType();
            if (t == float[].class) {
                float[] a = new float[LONG];
                java.util.Arrays.fill(a, SCALAR);
                args[i] = a;
            } else if (t == int[].class) {
                args[i] = new int[LONG];
            } else if (t == int.class) {
                args[i] = isOffset(ps, i) ? 0 : DIM;
            } else if (t == float.class) {
                args[i] = SCALAR;
            } else if (t == boolean.class) {
                args[i] = false;
            } else {
                throw new AssertionError("unexpected parameter type " + t + " in " + m);
            }
        }
        return args;
    }

    /** An offset is the int right after an array (the package's convention). */
    private static boolean isOffset(Parameter[] ps, int i) {
        return ps[i].getType() == int.class && i > 0 && isArray(ps[i - 1].getType());
    }

    private static Object resize(Object array, int length) {
        return array instanceof float[] f ? java.util.Arrays.copyOf(f, length) : java.util.Arrays.copyOf((int[]) array, length);
    }

    /** null when the call ran; the exception otherwise. */
    private static Throwable call(Object family, Method m, Object[] args) {
        try {
            m.invoke(family, args);
            return null;
        } catch (InvocationTargetException e) {
            return e.getCause();
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }

    private static boolean names(Throwable t, String... argNames) {
        if (!(t instanceof IllegalArgumentException) || t.getMessage() == null) {
            return false;
        }
        for (String n : argNames) {
            if (Pattern.compile("(^|[^A-Za-z0-9_])" + Pattern.quote(n) + "([^A-Za-z0-9_]|$)", Pattern.CASE_INSENSITIVE).matcher(t.getMessage()).find()) {
                return true;
            }
        }
        return false;
    }

    private static List<Method> methods(Class<?> family) {
        List<Method> ms = new ArrayList<>();
        for (Method m : family.getMethods()) {
            if (!Modifier.isStatic(m.getModifiers())) {
                ms.add(m);
            }
        }
        return ms;
    }

    @Test
    void parameterNamesAreCompiledIn() {
        Method m = methods(Activations.class).getFirst();
        assertTrue(m.getParameters()[0].isNamePresent(), "compile with -parameters (parent pom)");
    }

    /** A method of a family and the family object that {@link Kernels#get()} handed out. */
    private record Target(Object family, Method method) {}

    private static List<Target> targets() {
        Kernels k = Kernels.get();
        List<Target> ts = new ArrayList<>();
        for (Map.Entry<Class<?>, Function<Kernels, Object>> fam : FAMILIES.entrySet()) {
            Object family = fam.getValue().apply(k);
            for (Method m : methods(fam.getKey())) {
                ts.add(new Target(family, m));
            }
        }
        return ts;
    }

    @Test
    void everyMethodRejectsAnArrayOneElementShortByName() {
        int checked = 0;
        List<String> failures = new ArrayList<>();
        for (Target target : targets()) {
            Method m = target.method();
            Throwable ok = call(target.family(), m, validArgs(m));
            if (ok != null) {
                failures.add(m + ": the valid call failed: " + ok);
                continue;
            }
            Parameter[] ps = m.getParameters();
            for (int i = 0; i < ps.length; i++) {
                if (!isArray(ps[i].getType())) {
                    continue;
                }
                String name = ps[i].getName();
                int shortest = LONG + 1;
                for (int len = LONG; len >= 0; len--) {
                    Object[] args = validArgs(m);
                    args[i] = resize(args[i], len);
                    Throwable t = call(target.family(), m, args);
                    if (t == null) {
                        if (shortest != len + 1) {
                            failures.add(m.getName() + ": " + name + " of length " + len + " ran after length "
                                    + (len + 1) + " was rejected");
                        }
                        shortest = len;
                    } else if (!names(t, name)) {
                        failures.add(m.getName() + ": " + name + " of length " + len + " gave " + t);
                        break;
                    }
                }
                if (shortest == 0) {
                    failures.add(m.getName() + ": " + name + " is never checked (length 0 ran)");
                }
                checked++;
            }
        }
        assertEquals(List.of(), failures);
        assertTrue(checked > 150, "arrays checked: " + checked);
    }

    @Test
    void everyMethodRejectsAnOffsetOfMinusOneByName() {
        int checked = 0;
        List<String> failures = new ArrayList<>();
        for (Target target : targets()) {
            Method m = target.method();
            Parameter[] ps = m.getParameters();
            for (int i = 0; i < ps.length; i++) {
                if (!isOffset(ps, i)) {
                    continue;
                }
                Object[] args = validArgs(m);
                args[i] = -1;
                Throwable t = call(target.family(), m, args);
                if (!names(t, ps[i - 1].getName(), ps[i].getName())) {
                    failures.add(m.getName() + ": " + ps[i].getName() + " = -1 gave " + (t == null ? "no exception" : t));
                }
                checked++;
            }
        }
        assertEquals(List.of(), failures);
        assertTrue(checked > 150, "offsets checked: " + checked);
    }
}
