package dev.pier.account;

import com.nimbusds.jose.jwk.ECKey;

/** The key an account signs with now, decrypted for one signing; for the credentials feature alone. */
public record SigningKey(long accountId, String address, ECKey privateJwk) {

    @Override
    public String toString() {
        return "SigningKey[" + address + ", kid=" + privateJwk.getKeyID() + "]";
    }
}
