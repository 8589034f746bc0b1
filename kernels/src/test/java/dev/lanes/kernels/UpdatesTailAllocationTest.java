package dev.lanes.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The tail of every {@link Updates} rule allocates nothing before C2 has compiled it.
 *
 * <p>An update runs once per parameter per optimizer step, so its tail (no loop) reaches C2 only
 * after thousands of optimizer steps; until then it runs in the interpreter or C1, neither of which
 * keeps Vector API values in registers. The masked vector tail this replaces allocated about 5 KB
 * per step for 784-1024-1024-10's 10-element output bias. The test runs {@link UpdatesTailProbe}
 * (every rule, {@code n = 1 .. L - 1}) in child JVMs limited to the interpreter and to C1, where
 * the verdict does not depend on what the JIT has done so far: any Vector API value in the tail
 * allocates there on every call (checked against the masked tails: 2.0-3.9 MB per rule under
 * {@code -Xint}, 5,224 bytes per Adam tail call, the 5,248 bytes per step {@code lanes bench train}
 * measured for 784-1024-1024-10).
 */
class UpdatesTailAllocationTest {

    private static Map<String, Long> bytesPerRule(String out) {
        Map<String, Long> r = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            int at = line.indexOf(" bytes=");
            if (at > 0) {
                r.put(line.substring(0, at).trim(), Long.parseLong(line.substring(at + " bytes=".length()).trim()));
            }
        }
        return r;
    }

    @Test
    void everyRulesTailAllocatesNothingInTheInterpreterAndInC1() throws Exception {
        for (String tier : List.of("-Xint", "-XX:TieredStopAtLevel=1")) {
            String out = ChildJvm.run(UpdatesTailProbe.class, List.of(tier), List.of(), 120);
            Map<String, Long> bytes = bytesPerRule(out);
            assertEquals(10, bytes.size(), tier + ": expected the empty interval and 9 rules:\n" + out);
            for (Map.Entry<String, Long> e : bytes.entrySet()) {
                assertEquals(0L, e.getValue(), tier + ": " + e.getKey() + " allocated on the heap:\n" + out);
            }
        }
    }
}
