package com.example.consumer;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.reglab.core.backend.BackendInfo;
import io.github.reglab.core.backend.NativeSetup;
import io.github.reglab.core.train.Trainer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * What README's consumer setup promises a DL4J project that adds reglab-core: its own logging keeps working, and the
 * natives the BOM manages give what this project measures.
 */
class ConsumerSetupTest {

    /** What README asks of a main, before ND4J starts (whichever test class runs first). */
    @BeforeAll
    static void configureNatives() {
        NativeSetup.configure();
    }

    /**
     * This project logs through logback 1.2, a binding of the SLF4J 1.7 line that DL4J M2.1 brings. Had reglab-core
     * raised slf4j-api to 2.x, SLF4J would print "No SLF4J providers were found", bind to NOP, and the factory below
     * would not be logback's; the trainer's epoch lines (and DL4J's own) would vanish.
     */
    @Test
    void coreLogsThroughTheProjectsOwnSlf4j17Binding() {
        assertInstanceOf(LoggerContext.class, LoggerFactory.getILoggerFactory(),
                "SLF4J is not bound to the project's logback 1.2: reglab-core changed the SLF4J API version");
        Logger trainerLog = (Logger) LoggerFactory.getLogger(Trainer.class);
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.start();
        trainerLog.addAppender(seen);
        try {
            SparseClassifier.run(7);
        } finally {
            trainerLog.detachAppender(seen);
        }
        assertFalse(seen.list.isEmpty(), "the trainer logged nothing");
        assertTrue(seen.list.stream().anyMatch(e -> e.getFormattedMessage().startsWith("epoch 0: train loss")),
                "no epoch line among " + seen.list);
    }

    /** README's snippet (nd4j-native with classifier linux-x86_64-onednn from the BOM, then NativeSetup) gives oneDNN
     * and DL4J's helpers on linux-x86_64, the platform this project measures. */
    @Test
    void readmeNativesGiveOneDnnOnLinuxX86() {
        Assumptions.assumeTrue("linux-x86_64".equals(NativeSetup.javacppPlatform(System.getProperty("os.name"),
                System.getProperty("os.arch"))), "oneDNN natives are managed for linux-x86_64");
        BackendInfo info = BackendInfo.detect();
        assertTrue(info.onednn(), info.summary());
        assertTrue(info.dl4jHelpers(), info.summary());
    }
}
