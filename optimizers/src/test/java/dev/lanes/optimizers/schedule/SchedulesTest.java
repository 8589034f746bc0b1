package dev.lanes.optimizers.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.core.Parameter;
import dev.lanes.optimizers.Adagrad;
import dev.lanes.optimizers.Adam;
import dev.lanes.optimizers.SGD;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Schedules at specific steps against values worked out by hand from PyTorch's closed forms
 * (the literals below; the cosine ones evaluated once with a calculator). Tolerance 1e-12:
 * double rounding only.
 */
class SchedulesTest {
    static final double EPS = 1e-12;

    static void at(LrSchedule s, double base, long t, double want) {
        assertEquals(want, s.lr(base, t), EPS, s + " at step " + t);
    }

    @Test
    void stepMultiStepExponentialConstantLinearPolynomial() {
        LrSchedule step = new Schedules.StepLr(3, 0.1);
        at(step, 0.1, 0, 0.1);
        at(step, 0.1, 2, 0.1);
        at(step, 0.1, 3, 0.01);
        at(step, 0.1, 6, 0.001);
        at(step, 0.1, 8, 0.001);

        LrSchedule multi = new Schedules.MultiStepLr(new long[] {2, 5}, 0.5);
        at(multi, 1, 0, 1);
        at(multi, 1, 1, 1);
        at(multi, 1, 2, 0.5);
        at(multi, 1, 4, 0.5);
        at(multi, 1, 5, 0.25);
        at(multi, 1, 100, 0.25);

        at(new Schedules.ExponentialLr(0.9), 0.1, 3, 0.0729);
        at(new Schedules.ExponentialLr(0.9), 0.1, 0, 0.1);

        LrSchedule constant = new Schedules.ConstantLr(1.0 / 3, 5);
        at(constant, 0.3, 0, 0.1);
        at(constant, 0.3, 4, 0.1);
        at(constant, 0.3, 5, 0.3);
        at(LrSchedule.constant(), 0.3, 77, 0.3);

        LrSchedule linear = new Schedules.LinearLr(0.25, 1.0, 4);
        at(linear, 0.8, 0, 0.2);
        at(linear, 0.8, 1, 0.35);
        at(linear, 0.8, 4, 0.8);
        at(linear, 0.8, 10, 0.8);

        LrSchedule poly = new Schedules.PolynomialLr(4, 2);
        at(poly, 1, 0, 1);
        at(poly, 1, 1, 0.5625);
        at(poly, 1, 4, 0);
        at(poly, 1, 6, 0);
    }

    @Test
    void cosineAnnealingAndWarmRestarts() {
        LrSchedule cos = new Schedules.CosineAnnealingLr(10, 0.001);
        at(cos, 0.1, 0, 0.1);
        at(cos, 0.1, 3, 0.07959536998847742);
        at(cos, 0.1, 5, 0.0505);
        at(cos, 0.1, 10, 0.001);
        at(cos, 0.1, 15, 0.0505); // the closed form rises again past T_max, as PyTorch's

        LrSchedule wr = new Schedules.CosineWarmRestarts(2, 3, 0);
        at(wr, 1, 0, 1);
        at(wr, 1, 1, 0.5);
        at(wr, 1, 2, 1);   // restart: periods [0,2) [2,8) [8,26)
        at(wr, 1, 5, 0.5);
        at(wr, 1, 8, 1);
        at(wr, 1, 25, 0.00759612349389599);
        at(wr, 1, 26, 1);
        LrSchedule wr1 = new Schedules.CosineWarmRestarts(4, 1, 0.5);
        at(wr1, 1.5, 8, 1.5);
        at(wr1, 1.5, 9, 0.5 + 1.0 * 0.8535533905932737);

        LrSchedule wc = new Schedules.WarmupCosine(4, 14, 0, 0.01);
        at(wc, 1, 0, 0);
        at(wc, 1, 2, 0.5);
        at(wc, 1, 4, 1);
        at(wc, 1, 7, 0.7959536998847742);
        at(wc, 1, 9, 0.505);
        at(wc, 1, 14, 0.01);
        at(wc, 1, 20, 0.01);
    }

    @Test
    void sequential() {
        LrSchedule seq = new Schedules.SequentialLr(
                List.of(new Schedules.ConstantLr(0.5, 100), new Schedules.ExponentialLr(0.5)), new long[] {3});
        at(seq, 2, 0, 1);
        at(seq, 2, 2, 1);
        at(seq, 2, 3, 2);   // second schedule restarts at its step 0
        at(seq, 2, 5, 0.5);
        assertThrows(IllegalArgumentException.class, () -> new Schedules.SequentialLr(
                List.of(LrSchedule.constant()), new long[] {3}));
    }

    @Test
    void oneCycle() {
        OneCycle oc = OneCycle.builder(1.0, 10).build(); // initial 0.04, min 4e-6, phase ends 2 and 9
        at(oc, 123, 0, 0.04);
        at(oc, 123, 1, 0.52);
        at(oc, 123, 2, 1.0);
        at(oc, 123, 3, 0.9504846320134737);
        at(oc, 123, 9, 4e-6);
        at(oc, 123, 10, 0.04951936798652623); // step == total extrapolates, as PyTorch
        assertThrows(IllegalArgumentException.class, () -> oc.lr(1, 11));
        assertEquals(0.95, oc.momentum(0), EPS);
        assertEquals(0.9, oc.momentum(1), EPS);
        assertEquals(0.85, oc.momentum(2), EPS);
        assertEquals(0.854951556604879, oc.momentum(3), EPS);
        assertEquals(0.95, oc.momentum(9), EPS);

        OneCycle lin = OneCycle.builder(1.0, 10).anneal(OneCycle.Anneal.LINEAR).build();
        at(lin, 0, 1, 0.52);
        at(lin, 0, 3, 0.8571434285714286);

        OneCycle three = OneCycle.builder(1.0, 20).pctStart(0.25).threePhase(true).build(); // ends 4, 8, 19
        at(three, 0, 4, 1.0);
        at(three, 0, 6, 0.52);
        at(three, 0, 8, 0.04);
        at(three, 0, 19, 4e-6);
        assertEquals(0.85, three.momentum(4), EPS);
        assertEquals(0.95, three.momentum(8), EPS);
        assertEquals(0.95, three.momentum(12), EPS);

        assertThrows(IllegalArgumentException.class, () -> OneCycle.builder(1.0, 10).pctStart(0.1).build(),
                "a first phase of length 0 (pct*T - 1 = 0) is rejected");
        assertThrows(IllegalArgumentException.class, () -> OneCycle.builder(-1, 10).build());
    }

    @Test
    void cyclic() {
        CyclicLr tri = CyclicLr.builder(0.1, 1.0).stepSizeUp(4).stepSizeDown(6).build();
        at(tri, 0, 0, 0.1);
        at(tri, 0, 2, 0.55);
        at(tri, 0, 4, 1.0);
        at(tri, 0, 7, 0.55);
        at(tri, 0, 10, 0.1);
        at(tri, 0, 14, 1.0);
        assertEquals(0.85, tri.momentum(2), EPS);
        assertEquals(0.8, tri.momentum(4), EPS);
        assertEquals(0.9, tri.momentum(10), EPS);

        CyclicLr tri2 = CyclicLr.builder(0.1, 1.0).stepSizeUp(4).stepSizeDown(6).mode(CyclicLr.Mode.TRIANGULAR2).build();
        at(tri2, 0, 4, 1.0);
        at(tri2, 0, 14, 0.55);
        at(tri2, 0, 24, 0.325);

        CyclicLr exp = CyclicLr.builder(0.1, 1.0).stepSizeUp(4).stepSizeDown(6).mode(CyclicLr.Mode.EXP_RANGE)
                .gamma(0.9).build();
        at(exp, 0, 4, 0.69049);
        at(exp, 0, 0, 0.1);

        CyclicLr sym = CyclicLr.builder(1, 3).stepSizeUp(2).build(); // down defaults to up
        at(sym, 0, 1, 2);
        at(sym, 0, 3, 2);
        at(sym, 0, 4, 1);
    }

    @Test
    void schedulerSetsEveryGroupsLearningRate() {
        Parameter a = new Parameter("a", 3);
        Parameter b = new Parameter("b", 2);
        SGD sgd = SGD.builder().lr(0.1).params(a).group(List.of(b), g -> g.lr(0.01)).build();
        Scheduler s = new Scheduler(sgd, new Schedules.StepLr(2, 0.5));
        assertEquals(List.of(0.1, 0.01), s.lastLr());
        s.step();
        assertEquals(List.of(0.1, 0.01), s.lastLr());
        s.step();
        assertEquals(List.of(0.05, 0.005), s.lastLr());
        assertEquals(2, s.stepCount());
        s.setStep(4);
        assertEquals(0.025, sgd.group(0).lr(), EPS);
        assertEquals(0.0025, sgd.group(1).lr(), EPS);
        assertEquals(0.1, s.baseLrs()[0]);
    }

    @Test
    void momentumCyclingWritesBeta1OrMomentum() {
        Parameter p = new Parameter("p", 4);
        Adam adam = Adam.builder().params(p).build();
        Scheduler s = new Scheduler(adam, OneCycle.builder(0.01, 10).build());
        assertEquals(0.0004, adam.group(0).lr(), EPS);
        assertEquals(0.95, adam.group(0).getDouble("beta1"), EPS);
        s.step();
        s.step();
        assertEquals(0.01, adam.group(0).lr(), EPS);
        assertEquals(0.85, adam.group(0).getDouble("beta1"), EPS);
        assertEquals(0.999, adam.group(0).getDouble("beta2"), "beta2 untouched");

        SGD sgd = SGD.builder().lr(0.1).momentum(0.9).params(p).build();
        Scheduler c = new Scheduler(sgd, CyclicLr.builder(0.1, 1.0).stepSizeUp(4).build());
        assertEquals(0.9, sgd.group(0).getDouble("momentum"), EPS);
        c.step();
        c.step();
        assertEquals(0.85, sgd.group(0).getDouble("momentum"), EPS);
        assertEquals(0.55, sgd.group(0).lr(), EPS);

        Adagrad adagrad = Adagrad.builder().params(p).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Scheduler(adagrad, OneCycle.builder(0.01, 10).build()));
        assertTrue(e.getMessage().contains("neither beta1 nor momentum"), e.getMessage());
        new Scheduler(adagrad, OneCycle.builder(0.01, 10).cycleMomentum(false).build());
        assertEquals(0.0004, adagrad.group(0).lr(), EPS);
    }

    @Test
    void reduceOnPlateauAfterPatience() {
        SGD sgd = SGD.builder().lr(1).params(new Parameter("p", 1)).build();
        ReduceLrOnPlateau r = ReduceLrOnPlateau.builder(sgd).factor(0.5).patience(2).build();
        assertFalse(r.step(10));
        assertFalse(r.step(9));
        assertFalse(r.step(9)); // bad 1
        assertFalse(r.step(9)); // bad 2
        assertEquals(1, sgd.group(0).lr());
        assertTrue(r.step(9));  // bad 3 > patience
        assertEquals(0.5, sgd.group(0).lr());
        assertFalse(r.step(Double.NaN)); // NaN is never an improvement: bad 1
        assertFalse(r.step(8.99));       // relative threshold: 8.99 < 9 * (1 - 1e-4), better
        assertEquals(8.99, r.state().best());
    }

    @Test
    void reduceOnPlateauCooldownMinLrAndEps() {
        SGD sgd = SGD.builder().lr(1).params(new Parameter("p", 1)).build();
        ReduceLrOnPlateau r = ReduceLrOnPlateau.builder(sgd).factor(0.5).patience(0).cooldown(2).minLr(0.3).build();
        r.step(5);                 // best
        assertTrue(r.step(5));     // bad 1 > 0: reduce to 0.5, cooldown 2
        assertFalse(r.step(5));    // in cooldown
        assertFalse(r.step(5));    // in cooldown
        assertTrue(r.step(5));     // reduce: max(0.25, 0.3) = 0.3
        assertEquals(0.3, sgd.group(0).lr());
        r.step(5);
        r.step(5);
        assertFalse(r.step(5));    // at min_lr: 0.3 - 0.3 <= eps, unchanged
        assertEquals(0.3, sgd.group(0).lr());

        SGD tiny = SGD.builder().lr(1e-8).params(new Parameter("q", 1)).build();
        ReduceLrOnPlateau rt = ReduceLrOnPlateau.builder(tiny).patience(0).build();
        rt.step(1);
        assertFalse(rt.step(1), "a reduction smaller than eps (1e-8) is skipped");
        assertEquals(1e-8, tiny.group(0).lr());
    }

    @Test
    void reduceOnPlateauMaxModeAbsThresholdAndState() {
        SGD sgd = SGD.builder().lr(1).params(new Parameter("p", 1)).build();
        ReduceLrOnPlateau r = ReduceLrOnPlateau.builder(sgd).mode(ReduceLrOnPlateau.Mode.MAX)
                .thresholdMode(ReduceLrOnPlateau.ThresholdMode.ABS).threshold(0.1).patience(1).factor(0.1).build();
        r.step(1.0);
        r.step(1.05);              // not > 1.0 + 0.1: bad 1
        assertEquals(1.0, r.state().best());
        ReduceLrOnPlateau.State saved = r.state();
        assertTrue(r.step(1.08));  // bad 2 > 1: reduce
        assertEquals(0.1, sgd.group(0).lr(), EPS);

        SGD sgd2 = SGD.builder().lr(1).params(new Parameter("p", 1)).build();
        ReduceLrOnPlateau r2 = ReduceLrOnPlateau.builder(sgd2).mode(ReduceLrOnPlateau.Mode.MAX)
                .thresholdMode(ReduceLrOnPlateau.ThresholdMode.ABS).threshold(0.1).patience(1).factor(0.1).build();
        r2.loadState(saved);
        assertTrue(r2.step(1.08), "restored state continues where it was");
        assertFalse(r2.step(1.2), "1.2 > 1.0 + 0.1 is an improvement");
        assertEquals(1.2, r2.state().best());

        assertThrows(IllegalArgumentException.class, () -> ReduceLrOnPlateau.builder(sgd).factor(1.0).build());
    }

    @Test
    void badScheduleArguments() {
        assertThrows(IllegalArgumentException.class, () -> new Schedules.StepLr(0, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new Schedules.MultiStepLr(new long[] {5, 2}, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new Schedules.LinearLr(0, 1, 5));
        assertThrows(IllegalArgumentException.class, () -> new Schedules.CosineAnnealingLr(0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Schedules.WarmupCosine(10, 10, 0, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Schedules.ExponentialLr(0.9).lr(1, -1));
        assertTrue(e.getMessage().startsWith("step"), e.getMessage());
    }

    /** PyTorch's loop order: optimizer step k uses lr(k), then the scheduler advances. */
    @Test
    void optimizerStepKUsesTheScheduledRateOfStepK() {
        Parameter p = new Parameter("p", 1);
        SGD sgd = SGD.builder().lr(1.0).params(p).build();
        Scheduler s = new Scheduler(sgd, new Schedules.ExponentialLr(0.5));
        float expected = 0;
        for (int k = 0; k < 6; k++) {
            p.grad().data()[0] = 1f;
            sgd.step();
            s.step();
            expected -= (float) Math.pow(0.5, k);
            assertEquals(expected, p.value().data()[0], 0f, "after optimizer step " + k);
        }
    }
}
