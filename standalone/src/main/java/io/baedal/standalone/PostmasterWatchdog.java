package io.baedal.standalone;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * Stops the embedded PostgreSQL soon after its JVM ends, however it ends, {@code kill -9} included.
 *
 * <p>{@code pg_ctl} starts the postmaster in a session of its own and exits, so the postmaster is
 * no child of the JVM, and nothing ends it with the JVM: PostgreSQL has no parent-death option, and
 * Java cannot set one on a process it starts. The watchdog is a small shell process, started right
 * after PostgreSQL, that blocks reading its standard input: a pipe whose only writing end the JVM
 * holds (Java closes every other descriptor in the processes it starts, so neither PostgreSQL nor
 * anything else inherits it). When the JVM ends, in any way, the kernel closes that end, the read
 * returns, and the watchdog sends the postmaster {@code SIGINT}, PostgreSQL's fast shutdown, provided
 * {@code postmaster.pid} still names it, so that after a clean stop (which removes the file) no other
 * process that got the PID is signalled. Nothing polls and nothing waits for a timeout.
 *
 * <p>The watchdog ignores {@code SIGINT}, {@code SIGHUP} and {@code SIGQUIT}, which a terminal sends
 * to the JVM's whole process group (Ctrl-C, a closed terminal): it has to outlive the JVM. A clean
 * stop stops PostgreSQL and then the watchdog ({@code SIGTERM}). Where the watchdog dies with the
 * JVM ({@code SIGKILL} to the whole process group), the postmaster stays until the next start, which
 * stops it ({@link OrphanedPostmaster}).
 */
final class PostmasterWatchdog implements AutoCloseable {

    private static final String SCRIPT = """
            trap '' INT HUP QUIT
            while read -r _; do :; done
            { IFS= read -r pid < "$1/postmaster.pid"; } 2>/dev/null && [ "$pid" = "$2" ] && kill -INT "$2"
            """;

    private final Process process;
    /** The writing end of the watchdog's input, held until the JVM ends or {@link #close()}. */
    private final OutputStream lifeline;

    private PostmasterWatchdog(Process process) {
        this.process = process;
        this.lifeline = process.getOutputStream();
    }

    /** Watches the postmaster {@code postmasterPid} of {@code dataDir} (absolute). */
    static PostmasterWatchdog start(Path dataDir, long postmasterPid) throws IOException {
        return new PostmasterWatchdog(new ProcessBuilder("sh", "-c", SCRIPT, "baedal-postgres-watchdog",
                dataDir.toString(), Long.toString(postmasterPid))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start());
    }

    long pid() {
        return process.pid();
    }

    /** Ends the watchdog without it signalling anything: call it once PostgreSQL is stopped. */
    @Override
    public void close() {
        process.destroy();
        try {
            lifeline.close();
        } catch (IOException e) {
            // The watchdog is gone already, which is all this is for.
        }
    }
}
