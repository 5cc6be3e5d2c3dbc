package io.baedal.standalone.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * The PostgreSQL processes working in a data directory, as {@code /proc} shows them (Linux): every
 * postmaster and backend changes into its data directory.
 */
public final class PostgresProcesses {

    private PostgresProcesses() {
    }

    /** The PIDs of the PostgreSQL processes whose working directory is {@code dataDir}. */
    public static List<Long> in(Path dataDir) {
        Path directory;
        try {
            directory = dataDir.toRealPath();
        } catch (IOException e) {
            return List.of();
        }
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return processes
                    .filter(process -> process.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(process -> isPostgresIn(process, directory))
                    .map(process -> Long.parseLong(process.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The PID that {@code postmaster.pid} names, or -1 when there is no such file. */
    public static long postmasterPid(Path dataDir) {
        try {
            return Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
        } catch (IOException e) {
            return -1;
        }
    }

    /** Whether that process is alive. */
    public static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Stops (smart shutdown) whatever PostgreSQL still runs in {@code dataDir}, so that no test leaves one behind. */
    public static void stopAllIn(Path dataDir) {
        List<ProcessHandle> postgres = in(dataDir).stream().flatMap(pid -> ProcessHandle.of(pid).stream()).toList();
        postgres.forEach(ProcessHandle::destroy);
        Await.until("the PostgreSQL processes in " + dataDir + " gone", () -> postgres.stream().noneMatch(ProcessHandle::isAlive),
                Duration.ofSeconds(60));
    }

    private static boolean isPostgresIn(Path process, Path directory) {
        try {
            return "postgres".equals(Files.readString(process.resolve("comm")).trim())
                    && process.resolve("cwd").toRealPath().equals(directory);
        } catch (IOException e) {
            return false;
        }
    }
}
