package dev.pier.providerapp.runtime;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the podman command line with the provider's global options. Every podman process gets a small, fixed
 * environment: nothing of a manifest, and nothing of the provider's own secrets, ever reaches one.
 */
final class PodmanCli {

    /** What a finished podman command printed. */
    record Result(int exitCode, String out, String err) {
        boolean ok() {
            return exitCode == 0;
        }

        /** The last line podman wrote to stderr, without its "Error: " prefix: the reason to show. */
        String reason() {
            String text = err.isBlank() ? out : err;
            String[] lines = text.strip().split("\n");
            return lines[lines.length - 1].replaceFirst("^Error: ", "").strip();
        }
    }

    private static final List<String> PASSED_THROUGH = List.of(
            "PATH",
            "HOME",
            "LANG",
            "TMPDIR",
            "CONTAINERS_CONF",
            "CONTAINERS_STORAGE_CONF",
            "CONTAINERS_REGISTRIES_CONF",
            "XDG_RUNTIME_DIR");

    private final String binary;
    private final List<String> options;

    PodmanCli(String binary, List<String> options) {
        this.binary = binary;
        this.options = List.copyOf(options);
    }

    /** {@code podman <options> <args>}, as a command line for a process the caller starts itself. */
    List<String> command(List<String> args) {
        List<String> line = new ArrayList<>();
        line.add(binary);
        line.addAll(options);
        line.addAll(args);
        return line;
    }

    List<String> command(String... args) {
        return command(List.of(args));
    }

    /** The environment every podman process gets: the provider's PATH and container settings, nothing else. */
    static void cleanEnvironment(Map<String, String> env) {
        Map<String, String> host = System.getenv();
        env.clear();
        for (String name : PASSED_THROUGH) {
            if (host.containsKey(name)) {
                env.put(name, host.get(name));
            }
        }
        env.putIfAbsent("PATH", LocalRuntime.PATH);
    }

    ProcessBuilder builder(List<String> args) {
        ProcessBuilder builder = new ProcessBuilder(command(args));
        cleanEnvironment(builder.environment());
        // conmon leaves marker files (an "oom" when a container is killed for memory) in its working directory.
        builder.directory(new File(System.getProperty("java.io.tmpdir")));
        return builder;
    }

    Result run(String... args) {
        return run(List.of(args), Duration.ofSeconds(60));
    }

    /** Runs podman to its end (killed after {@code timeout}) and returns what it printed. */
    Result run(List<String> args, Duration timeout) {
        try {
            Process process = builder(args).start();
            process.getOutputStream().close();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            String out = read(process.getInputStream());
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return new Result(
                        -1, out, "podman " + args.get(0) + " did not finish within " + timeout.toSeconds() + " s");
            }
            return new Result(process.exitValue(), out, err.join());
        } catch (IOException e) {
            return new Result(-1, "", "cannot run " + binary + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "", "interrupted");
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
