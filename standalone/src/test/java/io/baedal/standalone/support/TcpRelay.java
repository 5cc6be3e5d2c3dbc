package io.baedal.standalone.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP relay on a local port to another address, which a test cuts and restores: to the
 * application on the near side, the far side goes away (open connections reset, new ones refused)
 * and comes back, as when Axon Server is killed and started again.
 */
public final class TcpRelay implements AutoCloseable {

    private final InetSocketAddress target;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "tcp-relay");
        thread.setDaemon(true);
        return thread;
    });
    private volatile ServerSocket listener;
    private final int port;

    private TcpRelay(InetSocketAddress target) {
        this.target = target;
        this.port = listen(0);
    }

    /** Relays a local port to {@code host:port}. */
    public static TcpRelay to(String hostAndPort) {
        int colon = hostAndPort.lastIndexOf(':');
        return new TcpRelay(new InetSocketAddress(hostAndPort.substring(0, colon),
                Integer.parseInt(hostAndPort.substring(colon + 1))));
    }

    public int port() {
        return port;
    }

    /** Resets every relayed connection and refuses new ones until {@link #restore()}. */
    public synchronized void cut() {
        closeQuietly(listener);
        sockets.forEach(TcpRelay::closeQuietly);
        sockets.clear();
    }

    /** Accepts connections on the same port again. */
    public synchronized void restore() {
        if (listener.isClosed()) {
            listen(port);
        }
    }

    @Override
    public synchronized void close() {
        cut();
        threads.shutdownNow();
    }

    private int listen(int onPort) {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort));
            listener = socket;
            threads.execute(() -> accept(socket));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            Socket near;
            try {
                near = socket.accept();
            } catch (IOException e) {
                return; // closed by cut()
            }
            Socket far = new Socket();
            sockets.add(near);
            sockets.add(far);
            try {
                far.connect(target, 5_000);
                threads.execute(() -> pipe(near, far));
                threads.execute(() -> pipe(far, near));
            } catch (IOException e) {
                // The target refused: the near side sees its connection closed.
                closeQuietly(near);
                closeQuietly(far);
                sockets.remove(near);
                sockets.remove(far);
            }
        }
    }

    private void pipe(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            // One side went away (or was reset by cut()): the other one goes too.
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            sockets.remove(from);
            sockets.remove(to);
        }
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            if (closeable != null) {
                closeable.close();
            }
        } catch (IOException e) {
            // Closing is all that was asked for.
        }
    }
}
