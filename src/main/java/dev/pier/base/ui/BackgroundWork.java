package dev.pier.base.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
import com.vaadin.flow.shared.Registration;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.security.concurrent.DelegatingSecurityContextCallable;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Runs a view's slow work (provider calls, deployments) off the UI thread, on threads of its own, and pushes the result
 * to the tab. A call that hangs holds one of these threads only: never the UI thread, never the threads that keep
 * streams and shells connected. The work runs as the person whose view started it; results for a tab that is gone are
 * dropped.
 */
@org.springframework.stereotype.Component
public class BackgroundWork implements DisposableBean {

    private final ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
    private final ThreadPoolTaskScheduler timers = new ThreadPoolTaskScheduler();

    BackgroundWork() {
        executor.setCorePoolSize(8);
        executor.setMaxPoolSize(32);
        executor.setQueueCapacity(512);
        executor.setThreadNamePrefix("view-work-");
        executor.initialize();
        // Only starts periodic work on the executor, so one timer thread is enough.
        timers.setPoolSize(1);
        timers.setThreadNamePrefix("view-timer-");
        timers.setRemoveOnCancelPolicy(true);
        timers.initialize();
    }

    /**
     * Runs {@code work} in the background; its result goes to {@code onResult} (unless null), a failure to
     * {@code onFailure}, both on the tab of {@code owner} (which must be attached). Removing the registration cancels
     * work not started.
     */
    public <T> Registration run(
            Component owner, Callable<T> work, Consumer<T> onResult, Consumer<Exception> onFailure) {
        UI ui = owner.getUI().orElseThrow(() -> new IllegalStateException("Background work needs an attached view"));
        Future<?> future = submit(ui, asSignedIn(work), onResult, onFailure, () -> {});
        return () -> future.cancel(false);
    }

    /**
     * Runs {@code work} now and then every {@code period} while {@code owner} stays attached (ends when it is detached
     * or the registration is removed). A run still going when the next is due is not doubled up; a run that returns
     * null has nothing to show and pushes nothing.
     */
    public <T> Registration every(
            Component owner, Duration period, Callable<T> work, Consumer<T> onResult, Consumer<Exception> onFailure) {
        UI ui = owner.getUI().orElseThrow(() -> new IllegalStateException("Background work needs an attached view"));
        AtomicBoolean running = new AtomicBoolean();
        Callable<T> signedIn = asSignedIn(work);
        ScheduledFuture<?> timer = timers.scheduleWithFixedDelay(
                () -> {
                    if (running.compareAndSet(false, true)) {
                        submit(ui, signedIn, onResult, onFailure, () -> running.set(false));
                    }
                },
                period);
        Registration detach = owner.addDetachListener(e -> timer.cancel(false));
        return () -> {
            timer.cancel(false);
            detach.remove();
        };
    }

    private <T> Future<?> submit(
            UI ui, Callable<T> work, Consumer<T> onResult, Consumer<Exception> onFailure, Runnable done) {
        try {
            return executor.submit(() -> {
                try {
                    T result = work.call();
                    if (result != null) {
                        push(ui, () -> onResult.accept(result));
                    }
                } catch (Exception e) {
                    push(ui, () -> onFailure.accept(e));
                } finally {
                    done.run();
                }
            });
        } catch (RejectedExecutionException busy) {
            done.run();
            push(ui, () -> onFailure.accept(busy));
            return CompletableFuture.completedFuture(null);
        }
    }

    /** The work runs as the person whose view started it, so method security sees who asks. */
    private static <T> Callable<T> asSignedIn(Callable<T> work) {
        return DelegatingSecurityContextCallable.create(work, SecurityContextHolder.getContext());
    }

    private static void push(UI ui, Runnable change) {
        try {
            ui.access(change::run);
        } catch (UIDetachedException gone) {
            // The tab was closed meanwhile; nobody is left to show the result to.
        }
    }

    @Override
    public void destroy() {
        timers.shutdown();
        executor.shutdown();
    }
}
