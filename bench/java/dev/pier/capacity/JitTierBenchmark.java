package dev.pier.capacity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.pier.shared.Es256kSigner;
import java.security.Provider;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * What a console does per request after start-up, to price {@code -XX:TieredStopAtLevel=1} (the C1-only start in
 * README): a 200-lease JSON document written and read, a provider token signed as ES256K, a password checked. Run by
 * bench/jit-tiers.sh once with the default JIT and once with C1 only.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class JitTierBenchmark {

    private static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();

    private final ObjectMapper json = new ObjectMapper();
    private final Es256kSigner signer = new Es256kSigner();
    private final BCryptPasswordEncoder passwords = new BCryptPasswordEncoder();
    private final List<Map<String, Object>> leases = new ArrayList<>();
    private ECKey key;
    private String hash;

    @Setup
    public void setUp() throws Exception {
        for (int i = 0; i < 200; i++) {
            leases.add(Map.of("dseq", 1000L + i, "state", "active", "services", List.of("web", "db"), "ready", i % 3));
        }
        key = new ECKeyGenerator(Curve.SECP256K1)
                .keyID("bench")
                .provider(BOUNCY_CASTLE)
                .generate();
        hash = passwords.encode("correct horse battery staple");
    }

    @Benchmark
    public Object json() throws Exception {
        return json.readTree(json.writeValueAsString(leases));
    }

    @Benchmark
    public String es256kToken() {
        Instant now = Instant.now();
        return signer.sign(
                new JWTClaimsSet.Builder()
                        .issuer("akash1bench")
                        .issueTime(Date.from(now))
                        .expirationTime(Date.from(now.plusSeconds(900)))
                        .build(),
                key);
    }

    @Benchmark
    public boolean passwordCheck() {
        return passwords.matches("correct horse battery staple", hash);
    }
}
