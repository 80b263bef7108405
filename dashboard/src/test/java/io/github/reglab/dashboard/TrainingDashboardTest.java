package io.github.reglab.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.github.reglab.core.testing.Blobs;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class TrainingDashboardTest {

    /** Starts DL4J's UI on a free port, trains a few steps with the listener and fetches the page over HTTP. */
    @Test
    @Tag("slow")
    void servesTheTrainingPage() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (TrainingDashboard ui = TrainingDashboard.start(port)) {
            MultiLayerNetwork net = Blobs.mlp(1, Blobs.adam());
            ui.attach(net);
            net.fit(Blobs.iterator(Blobs.data(256, 1, 0.3, 1), 32));
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10))
                    .followRedirects(HttpClient.Redirect.NORMAL).build();
            // the UI learns about sessions from a background thread (every 500 ms): poll until the page is there
            HttpResponse<String> page = null;
            for (int attempt = 0; attempt < 40; attempt++) {
                page = http.send(HttpRequest.newBuilder(URI.create(ui.url())).timeout(Duration.ofSeconds(30)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (page.statusCode() == 200) {
                    break;
                }
                Thread.sleep(250);
            }
            assertEquals(200, page.statusCode(), page.uri() + ": " + page.body());
            assertTrue(page.body().toLowerCase().contains("<html"), page.body());
            HttpResponse<String> sessions = http.send(HttpRequest.newBuilder(URI.create(
                    "http://localhost:" + port + "/train/sessions/info")).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, sessions.statusCode());
            assertTrue(sessions.body().length() > 2, "a training session was recorded: " + sessions.body());
        }
    }

    @Test
    void rejectsABadPort() {
        assertThrows(IllegalArgumentException.class, () -> TrainingDashboard.start(70000));
    }
}
