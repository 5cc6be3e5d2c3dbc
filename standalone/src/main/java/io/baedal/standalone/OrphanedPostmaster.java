package io.baedal.standalone;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a JVM killed without stopping its embedded PostgreSQL ({@code kill -9}, a container killed)
 * leaves in the data directory, dealt with before the embedded PostgreSQL starts; otherwise
 * PostgreSQL refuses to start ({@code lock file "postmaster.pid" already exists}).
 *
 * <p>Nothing is touched while another live process holds the embedded PostgreSQL's lock
 * ({@code epg-lock} in the data directory, a {@code fcntl} lock that the kernel releases when its
 * JVM dies): then a running Baedal uses the directory. Otherwise, by the process that
 * {@code postmaster.pid} names:
 * <ul>
 * <li>a PostgreSQL in our data directory (its {@code /proc/<pid>/comm} is {@code postgres} and its
 *     {@code /proc/<pid>/cwd}, where a postmaster works, is our directory): the orphan, stopped
 *     with {@code SIGINT}, PostgreSQL's fast shutdown (what {@code pg_ctl stop -m fast} sends: open
 *     transactions roll back, a checkpoint is written, the lock file goes), and waited for;
 * <li>a dead process: nothing to do, PostgreSQL replaces a stale lock file itself;
 * <li>a live process that is no PostgreSQL, the PID having been reused (after a container restart
 *     a thread of this very JVM may have it), while no PostgreSQL process at all works in our
 *     directory: the stale lock file is deleted, as PostgreSQL would delete it had the PID been
 *     free; PostgreSQL would instead refuse to start, as {@code kill(pid, 0)} is all it checks;
 * <li>anything else, such as a PostgreSQL of another directory: left to PostgreSQL, which refuses
 *     to start and says why. A PostgreSQL not in our data directory is never signalled.
 * </ul>
 */
final class OrphanedPostmaster {

    private static final Logger log = LoggerFactory.getLogger(OrphanedPostmaster.class);
    /** Zonky's lock file in the data directory, held by the JVM that runs the embedded PostgreSQL. */
    private static final String EMBEDDED_LOCK = "epg-lock";
    private static final String LOCK_FILE = "postmaster.pid";
    /** A fast shutdown ends in seconds; a minute covers a large checkpoint on a slow disk. */
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(60);

    private OrphanedPostmaster() {
    }

    /** Deals with what a killed JVM left in {@code dataDir} (absolute), if anything. */
    static void stopIfAny(Path dataDir) throws IOException {
        Optional<Long> pid = postmasterPid(dataDir);
        if (pid.isEmpty()) {
            return;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid.get()).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            log.atInfo().addKeyValue("event", "postgres_stale_lock_file").addKeyValue("pid", pid.get())
                    .addKeyValue("dataDir", dataDir.toString())
                    .log("{} names process {}, which is gone; PostgreSQL replaces the file", LOCK_FILE, pid.get());
            return;
        }
        try (FileChannel lockFile = FileChannel.open(dataDir.resolve(EMBEDDED_LOCK),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = tryLock(lockFile)) {
            if (lock == null) {
                log.atWarn().addKeyValue("event", "postgres_in_use").addKeyValue("pid", pid.get())
                        .addKeyValue("dataDir", dataDir.toString())
                        .log("{} is in use by a running process, which holds {}; leaving PostgreSQL {} alone",
                                dataDir, EMBEDDED_LOCK, pid.get());
            } else if (runsPostgresIn(pid.get(), dataDir)) {
                stop(process.get(), dataDir);
            } else if (isNoPostgres(pid.get()) && postgresIn(dataDir).isEmpty()) {
                Files.deleteIfExists(dataDir.resolve(LOCK_FILE));
                log.atWarn().addKeyValue("event", "postgres_stale_lock_file_removed").addKeyValue("pid", pid.get())
                        .addKeyValue("dataDir", dataDir.toString())
                        .log("{} names process {}, which is no PostgreSQL, and none runs in {}; removed the stale file",
                                LOCK_FILE, pid.get(), dataDir);
            } else {
                log.atWarn().addKeyValue("event", "postgres_lock_file_foreign").addKeyValue("pid", pid.get())
                        .addKeyValue("dataDir", dataDir.toString())
                        .log("{} names process {}, which is not a PostgreSQL in {}; leaving it to PostgreSQL",
                                LOCK_FILE, pid.get(), dataDir);
            }
        }
    }

    private static void stop(ProcessHandle postmaster, Path dataDir) throws IOException {
        log.atWarn().addKeyValue("event", "postgres_orphan_found").addKeyValue("pid", postmaster.pid())
                .addKeyValue("dataDir", dataDir.toString())
                .log("PostgreSQL {} is still running in {} after its JVM ended; stopping it", postmaster.pid(), dataDir);
        signalFastShutdown(postmaster.pid());
        try {
            postmaster.onExit().get(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("PostgreSQL " + postmaster.pid() + " in " + dataDir
                    + " did not stop within " + SHUTDOWN_WAIT + " of a fast shutdown", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not wait for PostgreSQL " + postmaster.pid() + " to stop", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while PostgreSQL " + postmaster.pid() + " stops", e);
        }
        log.atInfo().addKeyValue("event", "postgres_orphan_stopped").addKeyValue("pid", postmaster.pid())
                .addKeyValue("dataDir", dataDir.toString())
                .log("Orphaned PostgreSQL {} stopped", postmaster.pid());
    }

    /** The first line of {@code postmaster.pid}, when there is one that is a number. */
    static Optional<Long> postmasterPid(Path dataDir) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(dataDir.resolve(LOCK_FILE));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try {
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether the process is a PostgreSQL working in that directory: the same directory, not only
     * the same path (a bind mount, a symbolic link). A process of another user cannot be read, and
     * is not ours: a PostgreSQL only runs on a data directory of its own user.
     */
    private static boolean runsPostgresIn(long pid, Path dataDir) {
        Path proc = Path.of("/proc", Long.toString(pid));
        try {
            return "postgres".equals(Files.readString(proc.resolve("comm")).trim())
                    && Files.isSameFile(proc.resolve("cwd"), dataDir);
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    /** Whether the process is known to be no PostgreSQL at all; false when it cannot be read. */
    private static boolean isNoPostgres(long pid) {
        try {
            return !"postgres".equals(Files.readString(Path.of("/proc", Long.toString(pid), "comm")).trim());
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    /** Every PostgreSQL process (postmaster or backend) working in that directory. */
    private static List<Long> postgresIn(Path dataDir) throws IOException {
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return processes
                    .map(process -> process.getFileName().toString())
                    .filter(name -> !name.isEmpty() && name.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong)
                    .filter(pid -> runsPostgresIn(pid, dataDir))
                    .toList();
        }
    }

    /** {@code SIGINT}, through the shell's {@code kill}: Java sends only {@code SIGTERM} and {@code SIGKILL}. */
    private static void signalFastShutdown(long pid) throws IOException {
        Process kill = new ProcessBuilder("sh", "-c", "kill -INT \"$1\"", "sh", Long.toString(pid))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            kill.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while signalling PostgreSQL " + pid, e);
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }
}
