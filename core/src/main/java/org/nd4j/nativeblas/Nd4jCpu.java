package org.nd4j.nativeblas;

import java.lang.reflect.Method;

import org.bytedeco.javacpp.Loader;

/**
 * Holder for the bridge class {@link Environment}; see the package documentation for why it exists.
 */
public final class Nd4jCpu {

    private Nd4jCpu() {
    }

    /**
     * The class name DL4J M2.1's {@code BaseMKLDNNHelper} and {@code GradientCheckUtil} look up by reflection.
     * Every call is forwarded to {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment}, the native
     * environment of the CPU backend. Reflection keeps this class loadable when the CUDA backend is on the
     * classpath instead (DL4J asks for it only on the CPU backend).
     */
    public static final class Environment {

        private static final String NATIVE_CLASS = "org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment";
        private static final String ONEDNN_VARIANT = "-onednn";
        private static final Environment INSTANCE = new Environment();

        private Environment() {
        }

        /**
         * Returns the single instance, as the native class offers one.
         *
         * @return the single instance, as the native class offers one
         */
        public static Environment getInstance() {
            return INSTANCE;
        }

        /**
         * The plain libnd4j build answers true to {@code isUseONEDNN()} although it contains no oneDNN, so the
         * loaded library's variant is checked too: DL4J would otherwise hand layers to oneDNN ops that are missing.
         *
         * @return true when the loaded libnd4j is the oneDNN build and uses oneDNN
         */
        public boolean isUseMKLDNN() {
            return onednnBuildLoaded() && (Boolean) call("isUseONEDNN", new Class<?>[0]);
        }

        /**
         * Returns true when JavaCPP loaded libnd4j's JNI library from a {@code -onednn} variant folder.
         *
         * @return true when JavaCPP loaded libnd4j's JNI library from a {@code -onednn} variant folder
         */
        public static boolean onednnBuildLoaded() {
            for (String path : Loader.getLoadedLibraries().values()) {
                if (path != null && path.contains("jnind4jcpu") && path.contains(ONEDNN_VARIANT)) {
                    return true;
                }
            }
            return false;
        }

        /**
         * Switches oneDNN on or off.
         *
         * @param enabled whether libnd4j may use oneDNN
         */
        public void setUseMKLDNN(boolean enabled) {
            call("setUseONEDNN", new Class<?>[] {boolean.class}, enabled);
        }

        /**
         * Returns whether libnd4j's platform helpers (oneDNN among them) are allowed.
         *
         * @return whether libnd4j's platform helpers (oneDNN among them) are allowed
         */
        public boolean helpersAllowed() {
            return (Boolean) call("helpersAllowed", new Class<?>[0]);
        }

        /**
         * Allows or forbids libnd4j's platform helpers.
         *
         * @param allowed whether libnd4j's platform helpers are allowed
         */
        public void allowHelpers(boolean allowed) {
            call("allowHelpers", new Class<?>[] {boolean.class}, allowed);
        }

        private static Object call(String method, Class<?>[] types, Object... args) {
            try {
                Class<?> nativeClass = Class.forName(NATIVE_CLASS);
                Object nativeInstance = nativeClass.getMethod("getInstance").invoke(null);
                Method m = nativeClass.getMethod(method, types);
                return m.invoke(nativeInstance, args);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("The ND4J CPU backend's native environment is not available: "
                        + NATIVE_CLASS + "." + method, e);
            }
        }
    }
}
