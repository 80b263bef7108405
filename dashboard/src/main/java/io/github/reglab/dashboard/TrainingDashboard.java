package io.github.reglab.dashboard;

import java.util.Objects;

import org.deeplearning4j.core.storage.StatsStorage;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.ui.api.UIServer;
import org.deeplearning4j.ui.model.stats.StatsListener;
import org.deeplearning4j.ui.model.storage.InMemoryStatsStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DL4J's training UI for the networks of one run: {@code UIServer} on a chosen port and an in-memory stats store
 * that {@link #attach(MultiLayerNetwork)} feeds through a {@code StatsListener}.
 *
 * <p>DL4J 1.0.0-M2.1's server listens on every network interface (it has no host setting); the page is at
 * {@code http://localhost:PORT/train}. Do not start it on a machine whose port is reachable by people who should
 * not see the training. The server is one per JVM (DL4J's singleton).
 */
public final class TrainingDashboard implements AutoCloseable {

    /** DL4J's system property for the UI port. */
    public static final String PORT_PROPERTY = "org.deeplearning4j.ui.port";
    /** Default port, DL4J's own. */
    public static final int DEFAULT_PORT = 9000;

    private static final Logger LOG = LoggerFactory.getLogger(TrainingDashboard.class);

    private final UIServer server;
    private final StatsStorage storage;

    private TrainingDashboard(UIServer server, StatsStorage storage) {
        this.server = server;
        this.storage = storage;
    }

    /**
     * Checks that nothing listens on a port, so a taken port is named before any run folder exists.
     *
     * @param port the TCP port
     * @throws IllegalArgumentException naming the port when it is taken
     */
    public static void checkFree(int port) {
        try (java.net.ServerSocket s = new java.net.ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new java.net.InetSocketAddress(port));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("port " + port + " is in use (" + e.getMessage() + "); choose "
                    + "another with --ui-port", e);
        }
    }

    /**
     * Starts DL4J's UI server on a port.
     *
     * @param port the TCP port, in [1, 65535]
     * @return the running dashboard
     * @throws IllegalArgumentException for a port out of range
     * @throws IllegalStateException when the server cannot start (port taken, for example)
     */
    public static TrainingDashboard start(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be in [1, 65535], found " + port);
        }
        checkFree(port);
        System.setProperty(PORT_PROPERTY, Integer.toString(port));
        UIServer server;
        try {
            server = UIServer.getInstance();
        } catch (RuntimeException e) {
            throw new IllegalStateException("the training UI could not start on port " + port + ": "
                    + e.getMessage(), e);
        }
        if (server.getPort() != port) {
            throw new IllegalStateException("DL4J's UI server is already running on port " + server.getPort()
                    + " in this JVM; it cannot move to " + port);
        }
        StatsStorage storage = new InMemoryStatsStorage();
        server.attach(storage);
        LOG.info("Training UI at http://localhost:{}/train", port);
        LOG.warn("The training UI listens on EVERY network interface (DL4J 1.0.0-M2.1's server has no host setting): "
                + "anyone who can reach port {} of this machine can see it. Use it only on a trusted network or "
                + "behind a firewall.", port);
        return new TrainingDashboard(server, storage);
    }

    /**
     * @return a new listener that streams one network's training statistics to the dashboard (give each network
     *     its own; add it with {@code net.addListeners} or {@code Trainer.listeners})
     */
    public TrainingListener newListener() {
        return new StatsListener(storage);
    }

    /**
     * Streams a network's training statistics to the dashboard.
     *
     * @param net the network
     * @return the listener added
     */
    public TrainingListener attach(MultiLayerNetwork net) {
        Objects.requireNonNull(net, "net");
        TrainingListener listener = newListener();
        net.addListeners(listener);
        return listener;
    }

    /**
     * @return the page's address
     */
    public String url() {
        return "http://localhost:" + server.getPort() + "/train";
    }

    /**
     * @return the port
     */
    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.detach(storage);
        try {
            UIServer.stopInstance();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the training UI", e);
        } catch (Exception e) {
            throw new IllegalStateException("the training UI did not stop cleanly: " + e.getMessage(), e);
        }
    }
}
