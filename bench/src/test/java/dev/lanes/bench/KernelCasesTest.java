package dev.lanes.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.bench.KernelCases.Case;
import dev.lanes.bench.KernelCases.Family;
import dev.lanes.kernels.Kernels;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Param;

/** The one table of benchmark cases and the JMH classes it drives. */
class KernelCasesTest {

    private static final Map<Class<? extends KernelBench>, Family> JMH = Map.<Class<? extends KernelBench>, Family>of(
            VectorsBench.class, Family.VECTORS,
            ActivationsBench.class, Family.ACTIVATIONS,
            ReductionsBench.class, Family.REDUCTIONS,
            NormsBench.class, Family.NORMS,
            UpdatesBench.class, Family.UPDATES);

    /** JMH needs the case names as annotation constants: they must be exactly the table's. */
    @Test
    void eachJmhClassListsExactlyItsFamilysCases() throws Exception {
        for (Map.Entry<Class<? extends KernelBench>, Family> e : JMH.entrySet()) {
            String[] listed = e.getKey().getField("op").getAnnotation(Param.class).value();
            List<String> expected = new ArrayList<>();
            expected.add("copy");
            KernelCases.of(e.getValue()).forEach(c -> expected.add(c.name()));
            assertArrayEquals(expected.toArray(String[]::new), listed, e.getKey().getSimpleName());
        }
        for (Family f : Family.values()) {
            assertTrue(f == Family.BASELINE || JMH.containsValue(f), "no JMH class for " + f);
        }
    }

    @Test
    void namesAreUniqueAndEveryCaseRunsOnBothSets() {
        assertTrue(new HashSet<>(KernelCases.all().stream().map(Case::name).toList()).size() == KernelCases.all().size());
        for (int n : new int[] {KernelCases.MIN_SIZE, 4099}) {
            KernelCases.Data d = new KernelCases.Data(n);
            for (Case c : KernelCases.all()) {
                for (String impl : new String[] {"scalar", "simd"}) {
                    Kernels k = KernelCases.kernels(impl);
                    Runnable call = c.prepare().prepare(k, d);
                    call.run();
                    call.run();
                }
            }
        }
        assertEquals(8, KernelCases.byName("copy").bytesPerElement());
        assertEquals(Family.UPDATES, KernelCases.byName("adam").family());
    }
}
