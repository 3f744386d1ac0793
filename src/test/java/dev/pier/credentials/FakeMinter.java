package dev.pier.credentials;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A signer the tests control: it counts calls, fails on demand and can be held until released. */
class FakeMinter implements TokenMinter {

    final AtomicInteger calls = new AtomicInteger();
    volatile int failuresLeft;
    volatile boolean alwaysFail;
    volatile String fixedValue;
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private final Clock clock;
    private final Duration ttl;

    FakeMinter(Clock clock, Duration ttl) {
        this.clock = clock;
        this.ttl = ttl;
    }

    void hold() {
        gate = new CountDownLatch(1);
    }

    void release() {
        gate.countDown();
    }

    @Override
    public ProviderToken mint(CredentialKey key) {
        int n = calls.incrementAndGet();
        try {
            if (!gate.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("test gate never opened");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (alwaysFail || failuresLeft-- > 0) {
            throw new IllegalStateException("signer unavailable");
        }
        Instant now = clock.instant();
        String value =
                fixedValue != null ? fixedValue : "token-" + key.accountId() + "-" + key.providerAddress() + "-" + n;
        return new ProviderToken(key, value, now, now.plus(ttl));
    }
}
