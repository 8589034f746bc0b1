package dev.lanes.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The JMH settings of every Lanes benchmark, in one place (a subclass overrides one only with a
 * reason next to it). JMH reads these class annotations from the superclass.
 *
 * <ul>
 *   <li>{@code Mode.Throughput} in operations per second: one operation is one kernel call over
 *       {@code size} elements, so score x size = elements/s and x bytes per element = B/s, the
 *       unit the targets are stated in (GB/s against a copy).</li>
 *   <li>Warm-up 3 x 1 s: C2 compiles the Vector API kernels within about a second (until then
 *       they run a hundred times slower); two more iterations show that the score has settled.</li>
 *   <li>Measurement 5 x 1 s: enough iterations for JMH's error estimate; longer ones only add
 *       time on a shared machine.</li>
 *   <li>One fork: JMH already runs every benchmark and parameter combination in a JVM of its own
 *       (so each case's call site stays monomorphic); more forks repeat the warm-up for little.</li>
 *   <li>{@code --add-modules=jdk.incubator.vector}: the SIMD set needs the module
 *       ({@code Kernels.simd()} throws without it). {@code -Xmx3g}: the 10M-element cases with an
 *       optimizer's state need about 0.4 GB; a fixed heap keeps GC from depending on the machine's
 *       default.</li>
 *   <li>{@code Scope.Thread}: each benchmark thread has its own arrays (no false sharing).</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx3g"})
@State(Scope.Thread)
public abstract class BenchSettings {
}
