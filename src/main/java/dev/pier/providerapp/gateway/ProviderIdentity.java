package dev.pier.providerapp.gateway;

import dev.pier.shared.CosmosAddress;
import dev.pier.shared.Secp256k1;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;

/**
 * Who this provider is: the address granular tokens name. Configured, or generated on first start and kept in the data
 * directory so it survives restarts.
 */
public final class ProviderIdentity {

    private final String address;

    private ProviderIdentity(String address) {
        this.address = address;
    }

    public static ProviderIdentity load(ProviderProperties properties) {
        if (properties.address() != null && !properties.address().isBlank()) {
            return new ProviderIdentity(
                    CosmosAddress.parse(properties.address().trim()).value());
        }
        Path file = properties.dataDir().resolve("identity.key");
        try {
            byte[] privateKey;
            if (Files.exists(file)) {
                privateKey = HexFormat.of()
                        .parseHex(Files.readString(file, StandardCharsets.UTF_8).trim());
            } else {
                Files.createDirectories(properties.dataDir());
                privateKey = Secp256k1.material(Secp256k1.generate()).privateKey();
                Files.writeString(file, HexFormat.of().formatHex(privateKey), StandardCharsets.UTF_8);
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
            byte[] publicKey = Secp256k1.compressedPublicKey(Secp256k1.importPrivateKey(privateKey));
            return new ProviderIdentity(
                    CosmosAddress.fromPublicKey(publicKey, "akash").value());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the provider identity at " + file, e);
        }
    }

    public String address() {
        return address;
    }
}
