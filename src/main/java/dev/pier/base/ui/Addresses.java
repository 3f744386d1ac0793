package dev.pier.base.ui;

/** How views show long bech32 addresses where space is short: the start and the checksum end. */
public final class Addresses {

    private Addresses() {}

    public static String shortened(String address) {
        return address.length() <= 16
                ? address
                : address.substring(0, 10) + "…" + address.substring(address.length() - 4);
    }
}
