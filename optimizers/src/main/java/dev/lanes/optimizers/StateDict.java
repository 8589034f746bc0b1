package dev.lanes.optimizers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A snapshot of an optimizer (PyTorch's {@code optimizer.state_dict()}): per group its parameter
 * indices and hyperparameters, and per parameter (indexed in group order, as PyTorch) its step
 * count, buffers and scalars. Everything is deep-copied in and out, so a snapshot never changes
 * after it is taken and loading it reproduces the optimizer exactly: a run that saves, loads into a
 * fresh optimizer and continues matches an uninterrupted run bit for bit.
 *
 * @param optimizer the optimizer's name (e.g. {@code Adam}), for error messages
 * @param groups    the groups in order
 * @param state     per-parameter state by global parameter index; parameters that have not been
 *                  stepped yet are absent
 */
public record StateDict(String optimizer, List<Group> groups, SortedMap<Integer, State> state) {

    /** One group: the global indices of its parameters and its hyperparameters. */
    public record Group(int[] params, Map<String, Object> hyperparameters) {
        public Group {
            params = params.clone();
            hyperparameters = Collections.unmodifiableMap(new LinkedHashMap<>(hyperparameters));
        }

        @Override
        public int[] params() {
            return params.clone();
        }
    }

    /** One parameter's state: step count, buffers (copied) and scalars. */
    public record State(long step, Map<String, float[]> buffers, Map<String, Double> scalars) {
        public State {
            buffers = copy(buffers);
            scalars = Collections.unmodifiableMap(new LinkedHashMap<>(scalars));
        }

        /** A copy of the buffers. */
        @Override
        public Map<String, float[]> buffers() {
            return copy(buffers);
        }

        private static Map<String, float[]> copy(Map<String, float[]> b) {
            Map<String, float[]> c = new LinkedHashMap<>();
            b.forEach((k, v) -> c.put(k, v.clone()));
            return Collections.unmodifiableMap(c);
        }
    }

    public StateDict {
        groups = List.copyOf(new ArrayList<>(groups));
        state = Collections.unmodifiableSortedMap(new TreeMap<>(state));
    }
}
