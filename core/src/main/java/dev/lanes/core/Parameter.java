package dev.lanes.core;

/**
 * A trainable tensor: its {@code value} and the gradient {@code grad} of the same shape, which
 * backward passes accumulate into and {@link #zeroGrad()} clears.
 */
public final class Parameter {
    private final String name;
    private final Tensor value;
    private final Tensor grad;

    /** A zero-filled parameter of the given shape. */
    public Parameter(String name, int... shape) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("parameter name must not be null or blank");
        }
        this.name = name;
        this.value = new Tensor(shape);
        this.grad = new Tensor(shape);
    }

    public String name() {
        return name;
    }

    public Tensor value() {
        return value;
    }

    public Tensor grad() {
        return grad;
    }

    /** Number of elements. */
    public int size() {
        return value.size();
    }

    /** Sets every gradient element to 0. */
    public void zeroGrad() {
        java.util.Arrays.fill(grad.data(), 0f);
    }

    @Override
    public String toString() {
        return name + value;
    }
}
