package io.github.reglab.fraud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.reglab.fraud.data.BadRows;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fraud train --ui} on the application's own class path, where Spark's netty sits beside DL4J's vert.x
 * server: the dashboard module's test cannot see that mix (under vert.x 3.9.0 and netty 4.1.96 every request hung).
 * The run trains in the background while the test fetches the page and the session list over HTTP.
 */
class TrainingUiTest {

    @TempDir
    Path tmp;

    @Test
    void theTrainingPageIsServedWhileTheAppTrains() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        TrainCommand c = new TrainCommand();
        // enough epochs (patience = epochs: no early stop) that the run outlives the UI's 500 ms session polling
        c.common.set(3, 40, 256, tmp.resolve("run"), false, 0);
        c.data.set(null, 10_000, 0.03, BadRows.FAIL);
        c.patience = 40;
        c.noBaseline = true;
        c.ui = true;
        c.uiPort = port;
        CompletableFuture<TrainCommand.Result> run = CompletableFuture.supplyAsync(c::run);

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        String sessions = "";
        HttpResponse<String> page = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!run.isDone() && System.nanoTime() < deadline) {
            try {
                page = get(http, "http://localhost:" + port + "/train/overview");
                sessions = get(http, "http://localhost:" + port + "/train/sessions/info").body();
            } catch (java.net.ConnectException notYetListening) {
                // the server starts after the data is read: try again
                sessions = "";
            }
            if (sessions.contains("MultiLayerNetwork")) {
                break;
            }
            Thread.sleep(200);
        }
        run.get(10, TimeUnit.MINUTES);
        assertTrue(page != null, "the UI never accepted a connection");
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().toLowerCase().contains("<html"), page.body());
        assertTrue(sessions.contains("MultiLayerNetwork"), "a training session was recorded: " + sessions);
    }

    /**
     * A request that must answer within 10 s: the broken server accepted connections and never answered. HTTP/1.1
     * as browsers speak it to a plain-http server (Java's default HTTP/2 upgrade took another path that worked).
     */
    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
