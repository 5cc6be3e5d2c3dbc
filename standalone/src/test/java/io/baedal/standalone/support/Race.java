package io.baedal.standalone.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Sends several commands at the same moment: each side runs on its own thread and all wait at a
 * barrier, so the requests really overlap. The calling thread runs the first side; the others
 * get threads of their own (never queued behind other races, so a race cannot wait for itself).
 */
public final class Race {

    private static final long BARRIER_SECONDS = 30;
    private static final long ANSWER_SECONDS = 60;

    private static final ExecutorService SIDES = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "race-side");
        thread.setDaemon(true);
        return thread;
    });

    private Race() {
    }

    /** Runs every side at once; the answers come back in the order of the sides, each side's in its own order. */
    @SafeVarargs
    public static List<Answer> together(Supplier<List<Answer>>... sides) {
        CyclicBarrier start = new CyclicBarrier(sides.length);
        List<CompletableFuture<List<Answer>>> others = new ArrayList<>();
        for (int side = 1; side < sides.length; side++) {
            Supplier<List<Answer>> action = sides[side];
            others.add(CompletableFuture.supplyAsync(() -> atTheBarrier(start, action), SIDES));
        }
        List<Answer> answers = new ArrayList<>(atTheBarrier(start, sides[0]));
        for (CompletableFuture<List<Answer>> other : others) {
            try {
                answers.addAll(other.get(ANSWER_SECONDS, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("A side of the race failed", e);
            }
        }
        return answers;
    }

    /** One command as a side of a race. */
    public static Supplier<List<Answer>> side(Supplier<Answer> command) {
        return () -> List.of(command.get());
    }

    /** A side that waits this long after the start before it sends anything (none when 0). */
    public static Supplier<List<Answer>> later(long millis, Supplier<List<Answer>> side) {
        return () -> {
            if (millis > 0) {
                Await.pause(millis);
            }
            return side.get();
        };
    }

    private static List<Answer> atTheBarrier(CyclicBarrier start, Supplier<List<Answer>> action) {
        try {
            start.await(BARRIER_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException("The sides of a race never met at the start", e);
        }
        return action.get();
    }
}
