package io.github.reglab.core.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class BackendInfoTest {

    @Test
    void describesTheRunningBackend() {
        BackendInfo info = BackendInfo.detect();
        assertEquals("CPU", info.backend());
        assertFalse(info.blasVendor().isBlank());
        assertTrue(info.ompThreads() > 0, "omp threads " + info.ompThreads());
        assertTrue(info.availableProcessors() > 0);
        assertTrue(info.nativeLibrary().contains("jnind4jcpu"), info.nativeLibrary());
        assertTrue(info.summary().startsWith("backend=CPU"), info.summary());
        assertTrue(info.cudaDevices().isEmpty());
    }

    /** The test JVM asks for the oneDNN natives (parent pom); where they exist the bridge must switch them on. */
    @Test
    void onednnIsUsedWhereItsNativesExist() {
        String platform = NativeSetup.javacppPlatform(System.getProperty("os.name"), System.getProperty("os.arch"));
        BackendInfo info = BackendInfo.detect();
        if (platform != null && NativeSetup.hasOnednnNatives(platform)) {
            assertTrue(info.nativeLibrary().contains(platform + "-onednn"), info.nativeLibrary());
            assertTrue(info.onednn(), "the Nd4jCpu bridge must report oneDNN");
            assertTrue(info.dl4jHelpers());
        } else {
            assertFalse(info.onednn());
        }
    }

    @Test
    void platformNames() {
        assertEquals("linux-x86_64", NativeSetup.javacppPlatform("Linux", "amd64"));
        assertEquals("macosx-arm64", NativeSetup.javacppPlatform("Mac OS X", "aarch64"));
        assertEquals("windows-x86_64", NativeSetup.javacppPlatform("Windows 11", "amd64"));
        assertNull(NativeSetup.javacppPlatform("SunOS", "sparcv9"));
    }

    @Test
    void cpuFlagsKeepOnlyTheInterestingOnesSorted() {
        assertEquals(List.of("avx", "avx2", "avx512f", "fma"),
                BackendInfo.parseCpuFlags(" fpu vme avx512f avx2 sse2 fma avx ht"));
    }
}
