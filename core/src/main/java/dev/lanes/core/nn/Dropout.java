package dev.lanes.core.nn;

import dev.lanes.core.Tensor;
import java.util.random.RandomGenerator;

/**
 * Inverted dropout, as PyTorch's {@code nn.Dropout(p)}: in training each element is kept with
 * probability {@code 1 - p} and scaled by {@code 1/(1 - p)} (so the expectation is unchanged), or
 * zeroed; in eval it is the identity: forward returns the input tensor itself and backward returns
 * {@code gradOutput} itself (the one exception to layers returning buffers they own). The mask comes from
 * the given seeded generator, so a run is reproducible. {@code p = 1} zeroes everything.
 *
 * <pre>
 * training:  m_i = (u_i >= p) ? 1/(1-p) : 0,  u_i ~ U[0,1);   y = x * m;   dx = dy * m
 * eval:      y = x;   dx = dy
 * </pre>
 */
public final class Dropout extends AbstractLayer {
    private final float p;
    private final RandomGenerator rng;
    private float[] mask = new float[0];
    /** The owned training-mode output (output may point at the input in eval mode). */
    private Tensor buffer;
    private boolean lastForwardTrained;

    public Dropout(float p, RandomGenerator rng) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("Dropout: p must be in [0, 1], got " + p);
        }
        if (rng == null) {
            throw new IllegalArgumentException("Dropout: rng must not be null");
        }
        this.p = p;
        this.rng = rng;
    }

    public float p() {
        return p;
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
        for (int i = 0; i < n; i++) {
            mask[i] = rng.nextFloat() >= p ? keep : 0f;
        }
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
