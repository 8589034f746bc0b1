package dev.lanes.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.core.Parameter;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** State dicts (exact round trip), parameter groups with overrides, and hyperparameter validation. */
class OptimizerStateTest {

    static final List<Function<List<Parameter>, Optimizer>> ALL = List.of(
            ps -> SGD.builder().lr(0.05).momentum(0.9).dampening(0.1).weightDecay(0.1).params(ps).build(),
            ps -> SGD.builder().lr(0.05).momentum(0.9).nesterov(true).params(ps).build(),
            ps -> RMSprop.builder().centered(true).momentum(0.5).weightDecay(0.01).params(ps).build(),
            ps -> Adagrad.builder().lrDecay(0.1).initialAccumulatorValue(0.1).params(ps).build(),
            ps -> Adadelta.builder().weightDecay(0.1).params(ps).build(),
            ps -> Adam.builder().amsgrad(true).weightDecay(0.1).params(ps).build(),
            ps -> AdamW.builder().amsgrad(true).params(ps).build(),
            ps -> Adamax.builder().weightDecay(0.01).params(ps).build(),
            ps -> NAdam.builder().weightDecay(0.01).params(ps).build(),
            ps -> RAdam.builder().decoupledWeightDecay(true).weightDecay(0.1).params(ps).build(),
            ps -> Lion.builder().lr(1e-3).weightDecay(0.1).params(ps).build());

    private static void run(Problem prob, List<Parameter> ps, Optimizer opt, int from, int to) {
        for (int t = from; t <= to; t++) {
            prob.grad(ps, t);
            opt.step();
        }
    }

    /**
     * Save at step 12, keep changing the original (5 more steps and a new lr) to prove the
     * snapshot is a copy, load it into a fresh optimizer over parameters restored to the saved
     * values, continue to step 30: bit-identical to an uninterrupted run.
     */
    @Test
    void stateDictRoundTripContinuesBitForBit() {
        for (Function<List<Parameter>, Optimizer> make : ALL) {
            Problem prob = new Problem(11);
            List<Parameter> a = prob.params();
            Optimizer oa = make.apply(a);
            run(prob, a, oa, 1, 30);

            List<Parameter> b = prob.params();
            Optimizer ob = make.apply(b);
            run(prob, b, ob, 1, 12);
            StateDict sd = ob.stateDict();
            float[][] saved = {b.get(0).value().data().clone(), b.get(1).value().data().clone()};
            ob.setLr(0.123);
            run(prob, b, ob, 13, 17);

            List<Parameter> c = prob.params();
            System.arraycopy(saved[0], 0, c.get(0).value().data(), 0, saved[0].length);
            System.arraycopy(saved[1], 0, c.get(1).value().data(), 0, saved[1].length);
            Optimizer oc = make.apply(c);
            oc.setLr(0.5); // overwritten by the load
            oc.loadStateDict(sd);
            assertEquals(12, oc.stepCount(0), oc.name());
            run(prob, c, oc, 13, 30);
            for (int k = 0; k < 2; k++) {
                assertArrayEquals(a.get(k).value().data(), c.get(k).value().data(),
                        oc.name() + ": resumed run differs from the uninterrupted one");
            }
            assertEquals(oa.stateDict().groups().get(0).hyperparameters(), oc.stateDict().groups().get(0).hyperparameters());
        }
    }

    @Test
    void stateDictContents() {
        Problem prob = new Problem(1);
        List<Parameter> ps = prob.params();
        Adam adam = Adam.builder().amsgrad(true).params(ps).build();
        assertTrue(adam.stateDict().state().isEmpty(), "no state before the first step");
        run(prob, ps, adam, 1, 3);
        StateDict sd = adam.stateDict();
        assertEquals("Adam", sd.optimizer());
        assertEquals(2, sd.state().size());
        StateDict.State s1 = sd.state().get(1);
        assertEquals(3, s1.step());
        assertEquals(java.util.Set.of("exp_avg", "exp_avg_sq", "max_exp_avg_sq"), s1.buffers().keySet());
        assertEquals(5, s1.buffers().get("exp_avg").length);
        assertArrayEquals(new int[] {0, 1}, sd.groups().get(0).params());
        assertEquals(1e-3, sd.groups().get(0).hyperparameters().get("lr"));
        // the snapshot is immune to writes through its accessors
        s1.buffers().get("exp_avg")[0] = 99f;
        assertTrue(sd.state().get(1).buffers().get("exp_avg")[0] != 99f);

        NAdam nadam = NAdam.builder().params(ps).build();
        nadam.step();
        nadam.step();
        double mu1 = 0.9 * (1 - 0.5 * Math.pow(0.96, 0.004));
        double mu2 = 0.9 * (1 - 0.5 * Math.pow(0.96, 2 * 0.004));
        assertEquals(mu1 * mu2, nadam.stateDict().state().get(0).scalars().get("mu_product"), 1e-7);
    }

    @Test
    void loadStateDictRejectsMismatchesAndLeavesTheOptimizerUnchanged() {
        Problem prob = new Problem(2);
        List<Parameter> ps = prob.params();
        Adam adam = Adam.builder().params(ps).build();
        run(prob, ps, adam, 1, 2);
        StateDict good = adam.stateDict();

        Parameter other = new Parameter("x", 9);
        Adam wrongSize = Adam.builder().params(other, ps.get(1)).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> wrongSize.loadStateDict(good));
        assertTrue(e.getMessage().contains("exp_avg") && e.getMessage().contains("37"), e.getMessage());
        assertEquals(0, wrongSize.stepCount(0), "failed load must not change the state");

        Adam twoGroups = Adam.builder().params(ps.get(0)).params(ps.get(1)).build();
        e = assertThrows(IllegalArgumentException.class, () -> twoGroups.loadStateDict(good));
        assertTrue(e.getMessage().contains("param groups"), e.getMessage());

        SGD sgd = SGD.builder().lr(0.1).params(ps).build();
        e = assertThrows(IllegalArgumentException.class, () -> sgd.loadStateDict(good));
        assertTrue(e.getMessage().contains("from optimizer 'Adam'"), e.getMessage());

        StateDict renamed = new StateDict("SGD", good.groups(), good.state());
        e = assertThrows(IllegalArgumentException.class, () -> sgd.loadStateDict(renamed));
        assertTrue(e.getMessage().contains("hyperparameters"), e.getMessage());

        Map<String, Object> bad = new java.util.LinkedHashMap<>(good.groups().get(0).hyperparameters());
        bad.put("lr", -1.0);
        StateDict badLr = new StateDict("Adam", List.of(new StateDict.Group(new int[] {0, 1}, bad)), good.state());
        e = assertThrows(IllegalArgumentException.class, () -> adam.loadStateDict(badLr));
        assertTrue(e.getMessage().contains("lr must be >= 0"), e.getMessage());
        assertEquals(1e-3, adam.group(0).lr());
    }

    /** Issue 12 item 2: AdamW must not silently become Adam by loading Adam's state (or the reverse). */
    @Test
    void loadStateDictRejectsAnotherOptimizersState() {
        Problem prob = new Problem(3);
        List<Parameter> ps = prob.params();
        Adam adam = Adam.builder().params(ps).build();
        AdamW adamW = AdamW.builder().params(ps).build();
        run(prob, ps, adam, 1, 2);
        run(prob, ps, adamW, 1, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> adamW.loadStateDict(adam.stateDict()));
        assertTrue(e.getMessage().contains("from optimizer 'Adam'") && e.getMessage().contains("AdamW"), e.getMessage());
        assertTrue(adamW.group(0).getBoolean("decoupled_weight_decay"), "AdamW stays AdamW");
        assertEquals(1e-2, adamW.group(0).getDouble("weight_decay"));
        assertThrows(IllegalArgumentException.class, () -> adam.loadStateDict(adamW.stateDict()));
        assertFalse(adam.group(0).getBoolean("decoupled_weight_decay"));
        RAdam radam = RAdam.builder().params(ps).build();
        NAdam nadam = NAdam.builder().params(ps).build();
        assertThrows(IllegalArgumentException.class, () -> radam.loadStateDict(nadam.stateDict()));
    }

    /** A copy of {@code sd} where parameter {@code index}'s state is replaced. */
    private static StateDict withState(StateDict sd, int index, StateDict.State s) {
        java.util.TreeMap<Integer, StateDict.State> st = new java.util.TreeMap<>(sd.state());
        st.put(index, s);
        return new StateDict(sd.optimizer(), sd.groups(), st);
    }

    private static Map<String, float[]> without(Map<String, float[]> m, String key) {
        Map<String, float[]> c = new java.util.LinkedHashMap<>(m);
        c.remove(key);
        return c;
    }

    private static Map<String, float[]> with(Map<String, float[]> m, String key, int at, float v) {
        Map<String, float[]> c = new java.util.LinkedHashMap<>(m);
        float[] b = c.get(key).clone();
        b[at] = v;
        c.put(key, b);
        return c;
    }

    /**
     * Issue 12 item 3: loadStateDict checks each optimizer's declared buffers and scalars and their
     * invariants (a step without buffers, NaN or negative second moments, a bad NAdam mu_product,
     * state at step 0) before anything changes.
     */
    @Test
    void loadStateDictChecksEveryBufferAndScalarBeforeAnythingChanges() {
        Problem prob = new Problem(4);
        List<Parameter> ps = prob.params();
        Adam adam = Adam.builder().params(ps).build();
        run(prob, ps, adam, 1, 3);
        StateDict good = adam.stateDict();
        StateDict.State s1 = good.state().get(1);
        float[] before = ps.get(1).value().data().clone();
        StateDict stepNoBuffers = withState(good, 1, new StateDict.State(1000, Map.of(), Map.of()));
        rejects("has step 1000 but no buffer 'exp_avg'", () -> adam.loadStateDict(stepNoBuffers));
        StateDict noSq = withState(good, 1, new StateDict.State(3, without(s1.buffers(), "exp_avg_sq"), Map.of()));
        rejects("no buffer 'exp_avg_sq'", () -> adam.loadStateDict(noSq));
        StateDict nanSq = withState(good, 1, new StateDict.State(3, with(s1.buffers(), "exp_avg_sq", 2, Float.NaN), Map.of()));
        rejects("buffer 'exp_avg_sq' must be >= 0 and finite, got NaN at element 2", () -> adam.loadStateDict(nanSq));
        StateDict negSq = withState(good, 1, new StateDict.State(3, with(s1.buffers(), "exp_avg_sq", 0, -1f), Map.of()));
        rejects("buffer 'exp_avg_sq' must be >= 0 and finite, got -1.0 at element 0", () -> adam.loadStateDict(negSq));
        StateDict infAvg = withState(good, 1, new StateDict.State(3,
                with(s1.buffers(), "exp_avg", 4, Float.POSITIVE_INFINITY), Map.of()));
        rejects("buffer 'exp_avg' must be finite", () -> adam.loadStateDict(infAvg));
        StateDict stepZero = withState(good, 1, new StateDict.State(0, s1.buffers(), Map.of()));
        rejects("has step 0 but state", () -> adam.loadStateDict(stepZero));
        StateDict scalar = withState(good, 1, new StateDict.State(3, s1.buffers(), Map.of("mu_product", 0.5)));
        rejects("unknown scalar 'mu_product'", () -> adam.loadStateDict(scalar));
        // none of the failed loads changed the optimizer: its next step equals that of an untouched copy
        assertEquals(3, adam.stepCount(1));
        Problem prob2 = new Problem(4);
        List<Parameter> qs = prob2.params();
        Adam twin = Adam.builder().params(qs).build();
        run(prob2, qs, twin, 1, 3);
        assertArrayEquals(before, qs.get(1).value().data());
        run(prob, ps, adam, 4, 4);
        run(prob2, qs, twin, 4, 4);
        assertArrayEquals(qs.get(1).value().data(), ps.get(1).value().data());

        NAdam nadam = NAdam.builder().params(ps).build();
        run(prob, ps, nadam, 1, 2);
        StateDict n = nadam.stateDict();
        StateDict.State n0 = n.state().get(0);
        StateDict noMu = withState(n, 0, new StateDict.State(2, n0.buffers(), Map.of()));
        rejects("no scalar 'mu_product'", () -> nadam.loadStateDict(noMu));
        StateDict muOne = withState(n, 0, new StateDict.State(2, n0.buffers(), Map.of("mu_product", 1.0)));
        rejects("scalar 'mu_product' must be in [0, 1), got 1.0", () -> nadam.loadStateDict(muOne));

        Adagrad adagrad = Adagrad.builder().params(ps).build();
        run(prob, ps, adagrad, 1, 1);
        StateDict a = adagrad.stateDict();
        StateDict negSum = withState(a, 0, new StateDict.State(1, with(a.state().get(0).buffers(), "sum", 1, -0.5f), Map.of()));
        rejects("buffer 'sum' must be >= 0 and finite", () -> adagrad.loadStateDict(negSum));

        // an optional buffer may be absent: SGD restarts its momentum from the next gradient, as PyTorch's None
        SGD sgd = SGD.builder().lr(0.1).momentum(0.9).params(ps).build();
        run(prob, ps, sgd, 1, 2);
        StateDict sg = sgd.stateDict();
        sgd.loadStateDict(withState(sg, 0, new StateDict.State(2, Map.of(), Map.of())));
        assertEquals(2, sgd.stepCount(0));
    }

    /** Two groups with overrides behave exactly as two separate optimizers with those settings. */
    @Test
    void groupOverridesApplyPerGroup() {
        Problem prob = new Problem(5);
        List<Parameter> ps = prob.params();
        Adam both = Adam.builder().lr(0.01).weightDecay(0.1)
                .params(List.of(ps.get(0)))
                .group(List.of(ps.get(1)), g -> g.lr(0.05).betas(0.8, 0.99).amsgrad(true))
                .build();
        assertEquals(0.01, both.group(0).lr());
        assertEquals(0.05, both.group(1).lr());
        assertEquals(0.1, both.group(1).getDouble("weight_decay"), "non-overridden values come from the defaults");
        assertEquals(0.8, both.group(1).getDouble("beta1"));
        assertEquals(0.9, both.group(0).getDouble("beta1"));
        assertTrue(both.group(1).getBoolean("amsgrad"));
        assertFalse(both.group(0).getBoolean("amsgrad"));

        List<Parameter> qs = prob.params();
        Adam first = Adam.builder().lr(0.01).weightDecay(0.1).params(qs.get(0)).build();
        Adam second = Adam.builder().lr(0.05).weightDecay(0.1).betas(0.8, 0.99).amsgrad(true).params(qs.get(1)).build();
        for (int t = 1; t <= 20; t++) {
            prob.grad(ps, t);
            prob.grad(qs, t);
            both.step();
            first.step();
            second.step();
        }
        for (int k = 0; k < 2; k++) {
            assertArrayEquals(qs.get(k).value().data(), ps.get(k).value().data());
        }
        // groups can be changed between steps, validated
        both.group(1).setLr(0.2);
        assertEquals(0.2, both.group(1).lr());
        assertEquals(0.01, both.group(0).lr());
        assertThrows(IllegalArgumentException.class, () -> both.group(1).set("beta2", 1.0));
        assertEquals(0.99, both.group(1).getDouble("beta2"));
    }

    @Test
    void zeroGradClearsEveryGradient() {
        Problem prob = new Problem(6);
        List<Parameter> ps = prob.params();
        SGD sgd = SGD.builder().lr(0.1).params(ps).build();
        prob.grad(ps, 1);
        sgd.zeroGrad();
        for (Parameter p : ps) {
            for (float g : p.grad().data()) {
                assertEquals(0f, g);
            }
        }
    }

    private static void rejects(String expectedStart, Runnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().contains(expectedStart), "message '" + e.getMessage() + "' should contain '"
                + expectedStart + "'");
    }

    @Test
    void hyperparametersAreValidatedWithMessagesNamingTheArgument() {
        Parameter p = new Parameter("p", 3);
        rejects("lr must be >= 0", () -> Adam.builder().lr(-1e-3).params(p).build());
        rejects("lr must be >= 0", () -> SGD.builder().lr(Double.NaN).params(p).build());
        rejects("lr is required for SGD", () -> SGD.builder().params(p).build());
        rejects("beta1 must be in [0, 1)", () -> Adam.builder().betas(1.0, 0.999).params(p).build());
        rejects("beta2 must be in [0, 1)", () -> AdamW.builder().betas(0.9, -0.1).params(p).build());
        rejects("beta1 must be in [0, 1)", () -> Lion.builder().betas(1.5, 0.99).params(p).build());
        rejects("beta2 must be in [0, 1)", () -> NAdam.builder().betas(0.9, 1).params(p).build());
        rejects("beta1 must be in [0, 1)", () -> RAdam.builder().betas(-0.5, 0.9).params(p).build());
        rejects("beta2 must be in [0, 1)", () -> Adamax.builder().betas(0.9, 1.1).params(p).build());
        rejects("eps must be >= 0", () -> Adam.builder().eps(-1e-8).params(p).build());
        rejects("eps must be >= 0", () -> RMSprop.builder().eps(-1).params(p).build());
        rejects("weight_decay must be >= 0", () -> SGD.builder().lr(0.1).weightDecay(-0.1).params(p).build());
        rejects("momentum must be >= 0", () -> SGD.builder().lr(0.1).momentum(-0.9).params(p).build());
        rejects("nesterov requires momentum > 0 and dampening = 0",
                () -> SGD.builder().lr(0.1).nesterov(true).params(p).build());
        rejects("nesterov requires momentum > 0 and dampening = 0",
                () -> SGD.builder().lr(0.1).momentum(0.9).dampening(0.1).nesterov(true).params(p).build());
        rejects("alpha must be >= 0", () -> RMSprop.builder().alpha(-0.5).params(p).build());
        rejects("rho must be in [0, 1]", () -> Adadelta.builder().rho(1.5).params(p).build());
        rejects("lr_decay must be >= 0", () -> Adagrad.builder().lrDecay(-1).params(p).build());
        rejects("initial_accumulator_value must be >= 0",
                () -> Adagrad.builder().initialAccumulatorValue(-1).params(p).build());
        rejects("momentum_decay must be >= 0", () -> NAdam.builder().momentumDecay(-1).params(p).build());
        rejects("param group 1: lr must be >= 0", () -> Adam.builder().params(p)
                .group(List.of(new Parameter("q", 2)), g -> g.lr(-1)).build());
        rejects("appears more than once", () -> Adam.builder().params(p).params(p).build());
        rejects("got no parameters", () -> Adam.builder().build());
        rejects("params must not be empty", () -> Adam.builder().params(List.of()).build());
        Adam ok = Adam.builder().params(p).build();
        rejects("lr must be >= 0", () -> ok.setLr(-0.1));
        rejects("has no hyperparameter 'momentum'", () -> ok.group(0).set("momentum", 0.9));
        rejects("is a flag", () -> ok.group(0).set("amsgrad", 1.0));
        assertEquals(1e-3, ok.group(0).lr(), "a rejected change leaves the value");
        rejects("lr must be >= 0 and finite, got NaN", () -> ok.group(0).setLr(Double.NaN));
        rejects("beta1 must be in [0, 1), got 1.0", () -> ok.group(0).set("beta1", 1.0));
        assertEquals(0.9, ok.group(0).getDouble("beta1"));
        // a single-value change still runs the optimizer's cross-check, and a refused one changes nothing
        SGD nesterov = SGD.builder().lr(0.1).momentum(0.9).nesterov(true).params(p).build();
        rejects("nesterov requires momentum > 0 and dampening = 0, got momentum = 0.0",
                () -> nesterov.group(0).set("momentum", 0.0));
        rejects("nesterov requires momentum > 0 and dampening = 0", () -> nesterov.group(0).set("dampening", 0.5));
        assertEquals(Map.of("lr", 0.1, "momentum", 0.9, "dampening", 0.0, "weight_decay", 0.0, "nesterov", true,
                "maximize", false), nesterov.group(0).hyperparameters());
        SGD plain = SGD.builder().lr(0.1).params(p).build();
        rejects("nesterov requires momentum > 0", () -> plain.group(0).set("nesterov", true));
        assertFalse(plain.group(0).getBoolean("nesterov"));
        plain.group(0).set("momentum", 0.5);
        plain.group(0).set("nesterov", true);
        assertTrue(plain.group(0).getBoolean("nesterov"));
    }

    @Test
    void defaultsAreTorchDefaults() {
        Parameter p = new Parameter("p", 1);
        Map<String, Object> adam = Adam.builder().params(p).build().group(0).hyperparameters();
        assertEquals(Map.of("lr", 1e-3, "beta1", 0.9, "beta2", 0.999, "eps", 1e-8, "weight_decay", 0.0,
                "amsgrad", false, "maximize", false, "decoupled_weight_decay", false), adam);
        Map<String, Object> adamw = AdamW.builder().params(p).build().group(0).hyperparameters();
        assertEquals(1e-2, adamw.get("weight_decay"));
        assertEquals(true, adamw.get("decoupled_weight_decay"));
        assertEquals(Map.of("lr", 1e-2, "alpha", 0.99, "eps", 1e-8, "weight_decay", 0.0, "momentum", 0.0,
                "centered", false, "maximize", false), RMSprop.builder().params(p).build().group(0).hyperparameters());
        assertEquals(Map.of("lr", 1e-2, "lr_decay", 0.0, "weight_decay", 0.0, "initial_accumulator_value", 0.0,
                "eps", 1e-10, "maximize", false), Adagrad.builder().params(p).build().group(0).hyperparameters());
        assertEquals(Map.of("lr", 1.0, "rho", 0.9, "eps", 1e-6, "weight_decay", 0.0, "maximize", false),
                Adadelta.builder().params(p).build().group(0).hyperparameters());
        assertEquals(2e-3, Adamax.builder().params(p).build().group(0).lr());
        assertEquals(4e-3, NAdam.builder().params(p).build().group(0).getDouble("momentum_decay"));
        assertEquals(2e-3, NAdam.builder().params(p).build().group(0).lr());
        assertEquals(1e-3, RAdam.builder().params(p).build().group(0).lr());
        Map<String, Object> lion = Lion.builder().params(p).build().group(0).hyperparameters();
        assertEquals(Map.of("lr", 1e-4, "beta1", 0.9, "beta2", 0.99, "weight_decay", 0.0, "maximize", false), lion);
    }
}
