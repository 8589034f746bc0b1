package dev.lanes.bench.compare;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The report's paragraph: sentences computed from the results, nothing written in advance. */
final class Findings {
    private Findings() {}

    static String paragraph(Study study, List<Summary> rows, double target) {
        List<String> s = new ArrayList<>();
        Summary best = rows.stream().filter(r -> !Double.isNaN(r.accMean()))
                .max(Comparator.comparingDouble(Summary::accMean)).orElse(null);
        Summary worst = rows.stream().filter(r -> !Double.isNaN(r.accMean()))
                .min(Comparator.comparingDouble(Summary::accMean)).orElse(null);
        if (best != null) {
            s.add("Best final test accuracy: " + best.variant().name() + " at " + Report.fmt(best.accMean())
                    + (best.runs().size() > 1 ? " ± " + Report.fmt(best.accStd()) : "") + "; lowest: "
                    + worst.variant().name() + " at " + Report.fmt(worst.accMean()) + " ("
                    + Report.fmt(best.accMean() - worst.accMean()) + " apart).");
        }
        List<String> failed = new ArrayList<>();
        for (Summary r : rows) {
            if (!r.learned()) {
                failed.add(r.variant().name() + " (" + r.status() + ", " + Report.fmt(r.accMean()) + ")");
            }
        }
        if (study != Study.INIT) { // the init study lists its failures per activation below
            s.add(failed.isEmpty() ? "Every variant learned (mean final test accuracy at least " + Report.fmt(Summary.LEARNED) + ")."
                : failed.size() + " of " + rows.size() + " variants failed to learn: " + String.join(", ", failed) + ".");
        }
        Summary fastest = rows.stream().filter(r -> r.reached(target) == r.runs().size())
                .min(Comparator.comparingDouble((Summary r) -> r.epochsTo(target)).thenComparingDouble(r -> r.secondsTo(target)))
                .orElse(null);
        long never = rows.stream().filter(r -> r.reached(target) == 0).count();
        if (fastest != null) {
            s.add("Fastest to " + Report.fmt(target) + " test accuracy (every seed): " + fastest.variant().name() + ", in "
                    + Report.fmt1(fastest.epochsTo(target)) + " epoch(s), " + Report.fmt1(fastest.secondsTo(target)) + " s; "
                    + never + " variant(s) never reached it.");
        } else {
            s.add("No variant reached " + Report.fmt(target) + " test accuracy with every seed.");
        }
        switch (study) {
            case OPTIMIZERS -> s.addAll(optimizers(rows));
            case INIT -> s.addAll(init(rows));
            case NORMALIZATION -> s.addAll(normalization(rows));
            case ACTIVATIONS -> s.addAll(activations(rows));
            case REGULARIZATION -> s.addAll(regularization(rows));
            case SCHEDULES -> s.addAll(schedules(rows));
        }
        return String.join(" ", s);
    }

    private static List<String> optimizers(List<Summary> rows) {
        Map<String, Summary> bestPer = new LinkedHashMap<>();
        for (Summary r : rows) {
            bestPer.merge(r.variant().optimizer(), r, (a, b) -> b.accMean() > a.accMean() ? b : a);
        }
        boolean sweep = rows.size() > bestPer.size();
        if (!sweep) {
            return List.of();
        }
        List<String> parts = new ArrayList<>();
        for (var e : bestPer.entrySet()) {
            parts.add(e.getKey() + " " + Study.num(e.getValue().variant().lr()));
        }
        return List.of("Best learning rate of the sweep per optimizer: " + String.join(", ", parts) + ".");
    }

    /** {@code (g_first / g_last)^(1 / (layers - 1))}: the factor the gradient norm changes by per layer going back. */
    static double perLayerRatio(double[] g) {
        if (g.length < 2) {
            return Double.NaN;
        }
        double first = g[0];
        double last = g[g.length - 1];
        if (last == 0 || !Double.isFinite(first) || !Double.isFinite(last)) {
            return Double.NaN;
        }
        if (first == 0) {
            return 0;
        }
        return Math.pow(first / last, 1.0 / (g.length - 1));
    }

    private static List<String> init(List<Summary> rows) {
        List<String> s = new ArrayList<>();
        Map<String, List<Summary>> byGroup = new LinkedHashMap<>();
        for (Summary r : rows) {
            byGroup.computeIfAbsent(r.variant().group(), k -> new ArrayList<>()).add(r);
        }
        for (var e : byGroup.entrySet()) {
            List<String> fail = new ArrayList<>();
            Summary bestR = null;
            Summary vanish = null;
            Summary explode = null;
            for (Summary r : e.getValue()) {
                String init = r.variant().initName();
                if (!r.learned()) {
                    fail.add(init);
                } else if (bestR == null || r.accMean() > bestR.accMean()) {
                    bestR = r;
                }
                double q = perLayerRatio(r.probe(false, true));
                if (Double.isFinite(q) && q > 0) {
                    if (vanish == null || q < perLayerRatio(vanish.probe(false, true))) {
                        vanish = r;
                    }
                    if (explode == null || q > perLayerRatio(explode.probe(false, true))) {
                        explode = r;
                    }
                }
            }
            StringBuilder b = new StringBuilder("With " + e.getKey() + ": ");
            b.append(fail.isEmpty() ? "every initialization learned" : "failed to learn with " + String.join(", ", fail));
            if (bestR != null) {
                b.append("; best ").append(bestR.variant().initName()).append(" (").append(Report.fmt(bestR.accMean())).append(')');
            }
            if (vanish != null) {
                double[] g = vanish.probe(false, true);
                b.append("; at step 0, going from the output side to the input side, the weight-gradient norm changed by"
                        + " a factor per layer from ").append(Report.sci(perLayerRatio(g))).append(" (")
                        .append(vanish.variant().initName()).append(", layer 1 / layer ").append(g.length).append(" = ")
                        .append(Report.sci(g[0] / g[g.length - 1])).append(')');
                if (explode != null && explode != vanish) {
                    double[] h = explode.probe(false, true);
                    b.append(" to ").append(Report.sci(perLayerRatio(h))).append(" (").append(explode.variant().initName())
                            .append(", layer 1 / layer ").append(h.length).append(" = ")
                            .append(Report.sci(h[0] / h[h.length - 1])).append(')');
                }
                b.append(" (below 1: vanishing, above 1: exploding)");
            }
            s.add(b.append('.').toString());
        }
        return s;
    }

    private static List<String> normalization(List<Summary> rows) {
        List<String> s = new ArrayList<>();
        Map<String, List<Summary>> byGroup = new LinkedHashMap<>();
        for (Summary r : rows) {
            byGroup.computeIfAbsent(r.variant().group(), k -> new ArrayList<>()).add(r);
        }
        for (var e : byGroup.entrySet()) {
            Summary b = e.getValue().stream().max(Comparator.comparingDouble(Summary::accMean)).orElseThrow();
            Summary w = e.getValue().stream().min(Comparator.comparingDouble(Summary::accMean)).orElseThrow();
            s.add("At " + e.getKey() + ": best " + b.variant().name() + " (" + Report.fmt(b.accMean()) + "), worst "
                    + w.variant().name() + " (" + Report.fmt(w.accMean()) + ", " + w.status() + ").");
        }
        List<String> dead = new ArrayList<>();
        for (Summary r : rows) {
            double[] start = r.probe(false, true);
            double[] end = r.probe(true, true);
            if (end[0] == 0 && start[0] > 0) {
                dead.add(r.variant().name() + " (from " + Report.sci(start[0]) + ")");
            }
        }
        if (!dead.isEmpty()) {
            s.add("After training the first layer's weight gradient was exactly 0 for " + String.join(", ", dead)
                    + ": no signal reaches it any more (every ReLU unit of some layer is off for the probe batch).");
        }
        Summary plain = find(rows, "standardized + none lr 0.1");
        Summary bn = find(rows, "standardized + batch lr 0.1");
        if (plain != null && bn != null) {
            s.add("At lr 0.1 with standardized inputs, batch norm changed the final test accuracy by "
                    + signed(bn.accMean() - plain.accMean()) + " and the final test loss by "
                    + signed(bn.lossMean() - plain.lossMean()) + ".");
        }
        return s;
    }

    private static Summary find(List<Summary> rows, String name) {
        return rows.stream().filter(r -> r.variant().name().equals(name)).findFirst().orElse(null);
    }

    private static String signed(double d) {
        return (d >= 0 ? "+" : "") + Report.fmt(d);
    }

    private static List<String> activations(List<Summary> rows) {
        Summary fast = rows.stream().min(Comparator.comparingDouble(Summary::secondsPerEpoch)).orElseThrow();
        Summary slow = rows.stream().max(Comparator.comparingDouble(Summary::secondsPerEpoch)).orElseThrow();
        return List.of("Time per epoch ranged from " + Report.fmt2(fast.secondsPerEpoch()) + " s (" + fast.variant().name()
                + ") to " + Report.fmt2(slow.secondsPerEpoch()) + " s (" + slow.variant().name() + "), a ratio of "
                + Report.fmt2(slow.secondsPerEpoch() / fast.secondsPerEpoch()) + " (wall time on a shared machine: noisy).");
    }

    /** Train accuracy (eval mode) minus test accuracy per epoch, mean over seeds. */
    static double[] gap(Summary s) {
        double[] tr = s.curve(RunResult.Epoch::trainEvalAccuracy);
        double[] te = s.curve(RunResult.Epoch::testAccuracy);
        double[] g = new double[Math.min(tr.length, te.length)];
        for (int i = 0; i < g.length; i++) {
            g[i] = tr[i] - te[i];
        }
        return g;
    }

    static int argmax(double[] a) {
        int k = -1;
        for (int i = 0; i < a.length; i++) {
            if (!Double.isNaN(a[i]) && (k < 0 || a[i] > a[k])) {
                k = i;
            }
        }
        return k;
    }

    private static List<String> regularization(List<Summary> rows) {
        Summary smallest = null;
        double smallestGap = Double.NaN;
        Summary widest = null;
        double widestGap = Double.NaN;
        for (Summary r : rows) {
            double[] g = gap(r);
            if (g.length == 0) {
                continue;
            }
            double end = g[g.length - 1];
            if (smallest == null || end < smallestGap) {
                smallest = r;
                smallestGap = end;
            }
            int w = argmax(g);
            if (w >= 0 && (widest == null || g[w] > widestGap)) {
                widest = r;
                widestGap = g[w];
            }
        }
        if (smallest == null) {
            return List.of();
        }
        Summary none = rows.get(0);
        double[] ng = gap(none);
        return List.of("Without regularization the gap between training and test accuracy ended at "
                + Report.fmt(ng.length == 0 ? Double.NaN : ng[ng.length - 1]) + "; the smallest final gap was "
                + smallest.variant().name() + "'s (" + Report.fmt(smallestGap) + "), the widest gap at any epoch "
                + widest.variant().name() + "'s (" + Report.fmt(widestGap) + ").");
    }

    private static List<String> schedules(List<Summary> rows) {
        Summary constant = rows.get(0);
        List<String> better = new ArrayList<>();
        for (Summary r : rows.subList(1, rows.size())) {
            double d = r.accMean() - constant.accMean();
            better.add(r.variant().name() + " " + (d >= 0 ? "+" : "") + Report.fmt(d));
        }
        return List.of("Final test accuracy relative to the constant learning rate: " + String.join(", ", better) + ".");
    }
}
