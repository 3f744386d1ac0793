package dev.pier.shared;

import java.io.ByteArrayOutputStream;
import java.util.Locale;

/**
 * Bech32 as BIP-173 defines it (the original checksum constant 1, not bech32m), which is what Cosmos addresses use.
 * Written here rather than pulled in because it is a page of code and its test vectors are public.
 */
final class Bech32 {

    private static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private static final int[] GENERATOR = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
    private static final int CHECKSUM_LENGTH = 6;
    private static final int MAX_LENGTH = 90;

    /** A decoded string: the human-readable part in lower case and the data as 5-bit groups, checksum removed. */
    record Decoded(String hrp, byte[] data) {}

    private Bech32() {}

    /** Encodes 5-bit groups under a lower-case human-readable part and appends the checksum. */
    static String encode(String hrp, byte[] data) {
        checkHrp(hrp);
        if (!hrp.equals(hrp.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("The prefix '" + hrp + "' must be lower case.");
        }
        if (hrp.length() + 1 + data.length + CHECKSUM_LENGTH > MAX_LENGTH) {
            throw new IllegalArgumentException("A bech32 string is at most " + MAX_LENGTH + " characters long.");
        }
        StringBuilder out = new StringBuilder(hrp.length() + 1 + data.length + CHECKSUM_LENGTH)
                .append(hrp)
                .append('1');
        for (byte value : data) {
            if ((value & 0xff) >= 32) {
                throw new IllegalArgumentException("bech32 data must be 5-bit groups.");
            }
            out.append(CHARSET.charAt(value));
        }
        for (byte value : checksum(hrp, data)) {
            out.append(CHARSET.charAt(value));
        }
        return out.toString();
    }

    /**
     * Decodes and checks a bech32 string. Throws {@link IllegalArgumentException} with a sentence saying what is wrong;
     * callers add which field it was.
     */
    static Decoded decode(String text) {
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "it is " + text.length() + " characters long, at most " + MAX_LENGTH + " are allowed");
        }
        boolean lower = false;
        boolean upper = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 33 || c > 126) {
                throw new IllegalArgumentException(
                        "it contains a character that is not printable ASCII at position " + (i + 1));
            }
            lower |= c >= 'a' && c <= 'z';
            upper |= c >= 'A' && c <= 'Z';
        }
        if (lower && upper) {
            throw new IllegalArgumentException("it mixes upper and lower case");
        }
        String normalised = text.toLowerCase(Locale.ROOT);
        int separator = normalised.lastIndexOf('1');
        if (separator < 1) {
            throw new IllegalArgumentException("it has no prefix followed by the separator '1'");
        }
        if (separator + 1 + CHECKSUM_LENGTH > normalised.length()) {
            throw new IllegalArgumentException("it is too short to hold a checksum");
        }
        String hrp = normalised.substring(0, separator);
        byte[] values = new byte[normalised.length() - separator - 1];
        for (int i = 0; i < values.length; i++) {
            char c = normalised.charAt(separator + 1 + i);
            int value = CHARSET.indexOf(c);
            if (value < 0) {
                throw new IllegalArgumentException("the character '" + c + "' at position " + (separator + 2 + i)
                        + " is not used by bech32 (b, i, o and 1 never appear after the separator)");
            }
            values[i] = (byte) value;
        }
        if (polymod(concat(hrpExpand(hrp), values)) != 1) {
            throw new IllegalArgumentException("its checksum does not match, so at least one character is wrong");
        }
        byte[] data = new byte[values.length - CHECKSUM_LENGTH];
        System.arraycopy(values, 0, data, 0, data.length);
        return new Decoded(hrp, data);
    }

    /**
     * Regroups bits, e.g. bytes (8) into bech32 groups (5) with padding, or back without padding; on the way back any
     * incomplete group must be zero padding of less than one input group.
     */
    static byte[] convertBits(byte[] in, int fromBits, int toBits, boolean pad) {
        int acc = 0;
        int bits = 0;
        int maxValue = (1 << toBits) - 1;
        int maxAcc = (1 << (fromBits + toBits - 1)) - 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length * fromBits / toBits + 1);
        for (byte b : in) {
            int value = b & 0xff;
            if (value >>> fromBits != 0) {
                throw new IllegalArgumentException("a value does not fit in " + fromBits + " bits");
            }
            acc = ((acc << fromBits) | value) & maxAcc;
            bits += fromBits;
            while (bits >= toBits) {
                bits -= toBits;
                out.write((acc >>> bits) & maxValue);
            }
        }
        if (pad) {
            if (bits > 0) {
                out.write((acc << (toBits - bits)) & maxValue);
            }
        } else if (bits >= fromBits || ((acc << (toBits - bits)) & maxValue) != 0) {
            throw new IllegalArgumentException("its data does not end on a whole byte");
        }
        return out.toByteArray();
    }

    private static void checkHrp(String hrp) {
        if (hrp == null || hrp.isEmpty() || hrp.length() > 83) {
            throw new IllegalArgumentException("A bech32 prefix has 1 to 83 characters.");
        }
        for (int i = 0; i < hrp.length(); i++) {
            char c = hrp.charAt(i);
            if (c < 33 || c > 126) {
                throw new IllegalArgumentException("The prefix '" + hrp + "' must be printable ASCII.");
            }
        }
    }

    private static int polymod(byte[] values) {
        int chk = 1;
        for (byte value : values) {
            int top = chk >>> 25;
            chk = ((chk & 0x1ffffff) << 5) ^ (value & 0xff);
            for (int i = 0; i < 5; i++) {
                if (((top >>> i) & 1) == 1) {
                    chk ^= GENERATOR[i];
                }
            }
        }
        return chk;
    }

    /** The prefix as the checksum sees it: high bits of each character, a zero, then the low bits. */
    private static byte[] hrpExpand(String hrp) {
        int n = hrp.length();
        byte[] out = new byte[2 * n + 1];
        for (int i = 0; i < n; i++) {
            out[i] = (byte) (hrp.charAt(i) >>> 5);
            out[n + 1 + i] = (byte) (hrp.charAt(i) & 31);
        }
        return out;
    }

    private static byte[] checksum(String hrp, byte[] data) {
        byte[] values = concat(concat(hrpExpand(hrp), data), new byte[CHECKSUM_LENGTH]);
        int mod = polymod(values) ^ 1;
        byte[] out = new byte[CHECKSUM_LENGTH];
        for (int i = 0; i < CHECKSUM_LENGTH; i++) {
            out[i] = (byte) ((mod >>> (5 * (5 - i))) & 31);
        }
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
