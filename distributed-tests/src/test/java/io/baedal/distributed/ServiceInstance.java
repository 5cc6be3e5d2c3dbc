package io.baedal.distributed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One service instance that {@code scripts/run-distributed.sh} started ({@code order-1}, {@code saga-2},
 * {@code payment}, ...): killed with {@code SIGKILL} and started again as the script started it, with
 * the same command line and environment (read from {@code /proc} before the kill), its new PID in the
 * script's PID file, so that stopping the script stops it too, and its log in a file of its own.
 */
final class ServiceInstance {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Path runDir;
    private final int port;
    private int starts = 1;

    /** Of an instance the script has started and that runs now. */
    ServiceInstance(String name, Path runDir) {
        this.name = name;
        this.runDir = runDir;
        this.port = portOf(pid());
    }

    String name() {
        return name;
    }

    /** Every log this instance wrote: the script's, then one per restart. */
    List<Path> logs() {
        List<Path> logs = new ArrayList<>(List.of(runDir.resolve("logs").resolve(name + ".log")));
        for (int start = 2; start <= starts; start++) {
            logs.add(restartLog(start));
        }
        return logs;
    }

    /** {@code kill -9} of the running instance, then the same command again; returns at once, the new PID. */
    long killAndRestart() {
        long pid = pid();
        List<String> command = nulSeparated(Path.of("/proc", Long.toString(pid), "cmdline"));
        Map<String, String> environment = new LinkedHashMap<>();
        for (String variable : nulSeparated(Path.of("/proc", Long.toString(pid), "environ"))) {
            int equals = variable.indexOf('=');
            if (equals > 0) {
                environment.put(variable.substring(0, equals), variable.substring(equals + 1));
            }
        }
        Path directory = Path.of("/proc", Long.toString(pid), "cwd");
        try {
            directory = directory.toRealPath();
            ProcessHandle handle = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException(name + " is not running"));
            handle.destroyForcibly();
            handle.onExit().get(30, TimeUnit.SECONDS);
            starts++;
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectErrorStream(true).redirectOutput(restartLog(starts).toFile());
            builder.environment().clear();
            builder.environment().putAll(environment);
            Process process = builder.start();
            Files.writeString(pidFile(), Long.toString(process.pid()));
            return process.pid();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(name + " (PID " + pid + ") did not die", e);
        }
    }

    /** Ready by its own readiness probe, the one the script waits for. */
    boolean ready() {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(
                            URI.create("http://localhost:" + port + "/actuator/health/readiness"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    boolean alive() {
        return ProcessHandle.of(pid()).map(ProcessHandle::isAlive).orElse(false);
    }

    long pid() {
        try {
            return Long.parseLong(Files.readString(pidFile()).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The port of its {@code --server.port=} argument. */
    private int portOf(long pid) {
        for (String argument : nulSeparated(Path.of("/proc", Long.toString(pid), "cmdline"))) {
            if (argument.startsWith("--server.port=")) {
                return Integer.parseInt(argument.substring("--server.port=".length()));
            }
        }
        throw new IllegalStateException(name + " was started without --server.port");
    }

    private Path pidFile() {
        return runDir.resolve("pids").resolve(name + ".pid");
    }

    private Path restartLog(int start) {
        return runDir.resolve("logs").resolve(name + "-" + start + ".log");
    }

    private static List<String> nulSeparated(Path file) {
        try {
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            List<String> parts = new ArrayList<>();
            for (String part : text.split("\0")) {
                if (!part.isEmpty()) {
                    parts.add(part);
                }
            }
            return parts;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
