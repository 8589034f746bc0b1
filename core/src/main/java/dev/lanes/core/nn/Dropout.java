package dev.lanes.core.nn;

import dev.lanes.core.Tensor;
import java.util.random.RandomGenerator;

/**
 * Inverted dropout, as PyTorch's {@code nn.Dropout(p)}: in training each element is kept with
 * probability {@code 1 - p} and scaled by {@code 1/(1 - p)} (so the expectation is unchanged), or
 * zeroed; in eval it is the identity: forward returns the input tensor itself and backward returns
 * {@code gradOutput} itself (the one exception to layers returning buffers they own).
 * {@code p = 1} zeroes everything.
 *
 * <pre>
 * training:  m_i = (u_i >= p) ? 1/(1-p) : 0,  u_i ~ U[0,1);   y = x * m;   dx = dy * m
 * eval:      y = x;   dx = dy
 * </pre>
 *
 * <h2>Random numbers: counter-based, so the state can be saved</h2>
 * The uniforms come from a counter-based generator: the k-th uniform drawn by this layer is a
 * pure function of {@code (seed, k)},
 * <pre>
 * u_k = (mix64(seed + (k + 1) * 0x9E3779B97F4A7C15) >>> 40) * 2^-24      (mix64: SplitMix64's finalizer)
 * </pre>
 * and each training forward of {@code n} elements draws {@code k = counter .. counter + n - 1},
 * then advances {@link #counter()} by {@code n}. The whole generator state is the pair
 * {@link #seed()}, {@link #counter()}: a checkpoint saves it and {@link #setGeneratorState(long, long)}
 * restores it,
 * so a resumed run draws the same masks as the uninterrupted one. The constructor taking a
 * {@link RandomGenerator} draws the seed from it once ({@code rng.nextLong()}), so code written
 * against it keeps working and stays reproducible from the generator's seed.
 */
public final class Dropout extends AbstractLayer {
    private final float p;
    private long seed;
    private long counter;
    private float[] mask = new float[0];
    /** The owned training-mode output (output may point at the input in eval mode). */
    private Tensor buffer;
    private boolean lastForwardTrained;

    /** Dropout whose generator seed is drawn once from {@code rng} ({@code rng.nextLong()}). */
    public Dropout(float p, RandomGenerator rng) {
        this(p, seedFrom(rng));
    }

    /** Dropout with the counter-based generator seeded with {@code seed}, counter 0. */
    public Dropout(float p, long seed) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("Dropout: p must be in [0, 1], got " + p);
        }
        this.p = p;
        this.seed = seed;
    }

    private static long seedFrom(RandomGenerator rng) {
        if (rng == null) {
            throw new IllegalArgumentException("Dropout: rng must not be null");
        }
        return rng.nextLong();
    }

    public float p() {
        return p;
    }

    /** The generator's seed. */
    public long seed() {
        return seed;
    }

    /** Uniforms drawn so far: the generator's position (the part of its state that changes). */
    public long counter() {
        return counter;
    }

    /** Sets the generator's position (restoring a checkpoint); {@code counter >= 0}. */
    public void setCounter(long counter) {
        if (counter < 0) {
            throw new IllegalArgumentException("Dropout: counter must be >= 0, got " + counter);
        }
        this.counter = counter;
    }

    /** Restores the whole generator state (from a checkpoint): seed and position; {@code counter >= 0}. */
    public void setGeneratorState(long seed, long counter) {
        setCounter(counter);
        this.seed = seed;
    }

    /** The k-th uniform in [0, 1) of the generator seeded with {@code seed}: 24 random bits. */
    static float uniform(long seed, long k) {
        long z = seed + (k + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (z >>> 40) * 0x1.0p-24f;
    }

    @Override
    public Tensor forward(Tensor x) {
        requireNonNull(x, "input", this);
        input = x;
        lastForwardTrained = training;
        if (!training) {
            output = x;
            return x;
        }
        if (buffer == null || !buffer.sameShape(x)) {
            buffer = new Tensor(x.shape());
        }
        Tensor y = buffer;
        output = y;
        int n = x.size();
        if (mask.length != n) {
            mask = new float[n];
        }
        float keep = p >= 1 ? 0f : 1f / (1f - p);
        long c = counter;
        for (int i = 0; i < n; i++) {
            mask[i] = uniform(seed, c + i) >= p ? keep : 0f;
        }
        counter = c + n;
        kernels.vectors().mul(y.data(), 0, x.data(), 0, mask, 0, n);
        return y;
    }

    @Override
    public Tensor backward(Tensor dy) {
        checkBackward(dy);
        if (!inputGradient) {
            return null;
        }
        if (!lastForwardTrained) {
            return dy;
        }
        Tensor dx = gradInputLike(input);
        kernels.vectors().mul(dx.data(), 0, dy.data(), 0, mask, 0, dx.size());
        return dx;
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        if (inputShape == null) {
            throw new IllegalArgumentException(describe() + ": input shape must not be null");
        }
        return inputShape.clone();
    }

    @Override
    public String describe() {
        return "Dropout(p=" + p + ")";
    }
}
