package io.baedal.standalone.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A main class of the tests' classpath run in a JVM of its own, its output in a file, so that a
 * test can kill it like a real deployment: alone ({@code kill -9 <pid>}) or with the processes it
 * started ({@code kill -9} of its process group).
 */
public final class SeparateJvm implements AutoCloseable {

    private final Process process;
    private final Path log;

    private SeparateJvm(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    public static SeparateJvm start(Class<?> mainClass, Path log, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // Starts sooner on a busy machine; these JVMs live for seconds, not hours.
                "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                mainClass.getName()));
        command.addAll(List.of(args));
        return launch(command, log);
    }

    /** An executable jar, e.g. the packaged standalone application, in a JVM of its own. */
    public static SeparateJvm jar(Path jar, Path log, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-jar", jar.toString()));
        command.addAll(List.of(args));
        return launch(command, log);
    }

    private static SeparateJvm launch(List<String> command, Path log) {
        try {
            return new SeparateJvm(new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Process process() {
        return process;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last lines of its output, for a failure message. */
    public String logTail() {
        List<String> lines = log().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    /** {@code SIGKILL} to the JVM alone, and waits until it is gone. */
    public void kill() {
        process.destroyForcibly();
        waitForExit();
    }

    /** {@code SIGKILL} to the JVM and every process it started, as {@code kill -9} of its process group does. */
    public void killWithItsChildren() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        waitForExit();
        children.forEach(child -> child.onExit().join());
    }

    /** {@code SIGTERM}: a clean stop. Returns the exit code. */
    public int stop() {
        process.destroy();
        return waitForExit();
    }

    private int waitForExit() {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Kills it if it still runs: for a test's clean-up. */
    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
