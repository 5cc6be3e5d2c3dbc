package io.baedal.distributed;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An Axon Server SE of the suite's own, from the jar named by {@code AXONSERVER_JAR}, on free ports
 * and a data directory under the test's run directory, so that the suite can {@code kill -9} it
 * and start it again on the same data, as an operator would.
 */
final class OwnAxonServer implements AutoCloseable {

    /** Seen to take 2.5 minutes on two cores shared with other builds. */
    private static final Duration STARTUP = Duration.ofMinutes(6);

    private final Path jar;
    private final Path home;
    private final int httpPort;
    private final int grpcPort;
    private Process process;
    private int starts;

    private OwnAxonServer(Path jar, Path home, int httpPort, int grpcPort) {
        this.jar = jar;
        this.home = home;
        this.httpPort = httpPort;
        this.grpcPort = grpcPort;
    }

    static OwnAxonServer start(Path jar, Path home) throws Exception {
        OwnAxonServer server = new OwnAxonServer(jar, home, freePort(), freePort());
        try {
            server.startAgain();
        } catch (Exception notUp) {
            server.close(); // a server that did not come up in time must not outlive the run
            throw notUp;
        }
        return server;
    }

    String grpcAddress() {
        return "localhost:" + grpcPort;
    }

    String httpAddress() {
        return "http://localhost:" + httpPort;
    }

    /** {@code kill -9}: no chance to close its files or tell its clients. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Starts it on the same data as before and waits until it reports UP. */
    void startAgain() throws Exception {
        Path data = home.resolve("data");
        Files.createDirectories(data);
        process = new ProcessBuilder(List.of("java", "-Xmx512m", "-jar", jar.toAbsolutePath().toString(),
                "--server.port=" + httpPort, "--axoniq.axonserver.port=" + grpcPort,
                "--axoniq.axonserver.name=localhost", "--axoniq.axonserver.hostname=localhost",
                "--axoniq.axonserver.devmode.enabled=true",
                "--axoniq.axonserver.event.storage=" + data.resolve("events"),
                "--axoniq.axonserver.snapshot.storage=" + data.resolve("events"),
                "--axoniq.axonserver.controldb-path=" + data.resolve("control"),
                "--axoniq.axonserver.pid-file-location=" + data))
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("axonserver-" + (++starts) + ".log").toFile())
                .start();
        awaitUp();
    }

    private void awaitUp() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Axon Server exited; see " + home);
            }
            try {
                HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create(httpAddress() + "/actuator/health"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200 && health.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("Axon Server not UP within " + STARTUP + "; see " + home);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
