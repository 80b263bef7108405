package com.example.consumer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;

import io.github.reglab.core.backend.NativeSetup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The consumer check: reglab-core, used as a dependency, trains a network with its regularizers, Trainer and
 * metrics. The task is easy (the label is a sign of a sum of 3 features), so a working pipeline separates the
 * classes almost perfectly, and the proximal group lasso (exact zeros under plain SGD) removes noise inputs while
 * keeping every informative one. A broken artifact (a missing class, a dependency on an application, a backend
 * forced on consumers) fails the build before this runs; a broken regularizer or trainer fails the assertions.
 */
class SparseClassifierTest {

    /** What README asks of a main, before ND4J starts (whichever test class runs first). */
    @BeforeAll
    static void configureNatives() {
        NativeSetup.configure();
    }

    @Test
    void trainsSelectsFeaturesAndScores() {
        SparseClassifier.Outcome o = SparseClassifier.run(42);
        assertTrue(o.aucRoc() > 0.95, "ROC AUC " + o.aucRoc());
        assertTrue(o.averagePrecision() > 0.9, "average precision " + o.averagePrecision());
        List<Integer> informative = IntStream.range(0, SparseClassifier.INFORMATIVE).boxed().toList();
        assertTrue(o.zeroedInputs().stream().noneMatch(informative::contains),
                "informative zeroed: " + o.zeroedInputs());
        assertTrue(o.zeroedInputs().size() >= 3, "noise inputs zeroed: " + o.zeroedInputs());
        assertTrue(o.result().bestEpoch() >= 0 && o.result().bestEpoch() < o.result().history().epochs().size(),
                "best epoch " + o.result().bestEpoch());
    }
}
