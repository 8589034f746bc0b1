/**
 * The kernels: every hot loop of Lanes, one interface per family ({@link dev.lanes.kernels.Activations},
 * {@link dev.lanes.kernels.Vectors}, {@link dev.lanes.kernels.Reductions}, {@link dev.lanes.kernels.Gemm},
 * {@link dev.lanes.kernels.Norms}, {@link dev.lanes.kernels.Updates}), each with a {@code Scalar*} twin (the
 * specification: plain loops) and a {@code Simd*} implementation on the Vector API. Get them from
 * {@link dev.lanes.kernels.Kernels#get()}.
 *
 * <h2>Conventions for every kernel method</h2>
 * <ul>
 *   <li><b>Argument order</b>: outputs first, then inputs, then weights, then scalar parameters,
 *       then dimensions. Every array is followed by its offset ({@code x, xOff}); blocks are
 *       contiguous and row-major ({@code rows x cols}).</li>
 *   <li><b>Write or accumulate</b>: forward methods write ({@code =}) their outputs; backward
 *       methods accumulate ({@code +=}) into gradients ({@code dx}, {@code dgamma}, ...); update
 *       rules read and write the parameter and state buffers in place. Each method's Javadoc says
 *       which.</li>
 *   <li><b>Overlap</b>: an elementwise output may be the very same range as an input (in place);
 *       any other overlap between an output and an input is undefined unless the family says
 *       otherwise (norms: no overlap at all).</li>
 *   <li><b>Accuracy</b>: each method (or family) states its operation in one ASCII line and its
 *       error allowed against a double-precision evaluation or against the scalar twin; the tests
 *       enforce those bounds for both implementations. NaN inputs give NaN outputs.</li>
 *   <li><b>Validation</b>: every family handed out by {@link dev.lanes.kernels.Kernels} is wrapped in
 *       its {@code Checked*} class, which checks every argument before the kernel runs: a null
 *       array, a negative offset or dimension, a range {@code off + length} beyond the array, or a
 *       bad scalar is an {@link java.lang.IllegalArgumentException} naming the argument, the
 *       expected and the actual value ({@link dev.lanes.kernels.Checks}), never an
 *       {@code ArrayIndexOutOfBoundsException} from inside a loop. A contract test calls every
 *       method of every family with one array a single element short and with an offset of -1.</li>
 *   <li><b>Threads</b>: kernels keep no state between calls and may be called from several threads
 *       at once; GEMM may itself use {@link dev.lanes.kernels.Parallelism#threads()} threads, with
 *       results bit-identical for every thread count.</li>
 *   <li><b>Settings</b>: {@code -Dlanes.kernels=scalar|simd} and {@code -Dlanes.threads=N}; a bad
 *       value is an {@link java.lang.IllegalStateException} naming the property and the accepted
 *       values, on every call.</li>
 * </ul>
 */
package dev.lanes.kernels;
