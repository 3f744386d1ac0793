package dev.pier.auth;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import java.util.Set;

/**
 * How "My sessions" names the client behind a request, as a person would: "Chrome on Linux from this computer", "Safari
 * on iPhone from 203.0.113.7". No user-agent library is at hand, so this knows the main browsers and systems only and
 * otherwise names the client as it names itself ("pier-agent"). The address is the one the server settled on: behind a
 * proxy it trusts (server.forward-headers-strategy) that is the forwarded client's; no header is read here.
 */
final class DeviceDescription {

    /** Where a loopback client is: the browser runs on the machine Pier runs on. */
    static final String THIS_COMPUTER = "this computer";

    private static final String FROM = " from ";
    private static final Set<String> IPV6_LOOPBACK = Set.of("::1", "0:0:0:0:0:0:0:1");

    private DeviceDescription() {}

    static String of(HttpServletRequest request) {
        return describe(request.getHeader("User-Agent")) + FROM + place(request.getRemoteAddr());
    }

    /** "this computer" for a loopback address, otherwise the address. */
    static String place(String address) {
        if (address == null || address.isBlank()) {
            return "an unknown address";
        }
        String bare = address.startsWith("::ffff:") ? address.substring("::ffff:".length()) : address;
        return bare.startsWith("127.") || IPV6_LOOPBACK.contains(bare) ? THIS_COMPUTER : address;
    }

    /**
     * A stored description as people read it: sessions recorded before loopback was named still say "from 127.0.0.1" or
     * "from 0:0:0:0:0:0:0:1".
     */
    static String readable(String stored) {
        int from = stored.lastIndexOf(FROM);
        if (from < 0) {
            return stored;
        }
        return stored.substring(0, from) + FROM + place(stored.substring(from + FROM.length()));
    }

    /** "Chrome on Android", "Firefox on Windows", "curl"; the order matters, as browsers name each other's engines. */
    static String describe(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return "Unknown client";
        }
        String ua = userAgent.toLowerCase(Locale.ROOT);
        String system = system(ua);
        String client = browser(ua);
        if (client == null) {
            client = ua.startsWith("curl/")
                    ? "curl"
                    : ua.contains("python") ? "Python script" : userAgent.split("[ /]")[0];
        }
        return system == null ? client : client + " on " + system;
    }

    /** The browser, whose token comes before the engines it claims to be compatible with ("Chrome/… Safari/…"). */
    private static String browser(String ua) {
        if (ua.contains("edg/") || ua.contains("edga/") || ua.contains("edgios/")) {
            return "Edge";
        }
        if (ua.contains("opr/") || ua.contains("opera")) {
            return "Opera";
        }
        if (ua.contains("samsungbrowser/")) {
            return "Samsung Internet";
        }
        if (ua.contains("firefox/") || ua.contains("fxios/")) {
            return "Firefox";
        }
        if (ua.contains("chrome/") || ua.contains("chromium/") || ua.contains("crios/")) {
            return "Chrome";
        }
        if (ua.contains("safari/")) {
            return "Safari";
        }
        return null;
    }

    /** The device or system; phones before Linux and macOS, whose names their agents also carry. */
    private static String system(String ua) {
        if (ua.contains("iphone")) {
            return "iPhone";
        }
        if (ua.contains("ipad")) {
            return "iPad";
        }
        if (ua.contains("android")) {
            return "Android";
        }
        if (ua.contains("windows")) {
            return "Windows";
        }
        if (ua.contains("cros ")) {
            return "ChromeOS";
        }
        if (ua.contains("mac os") || ua.contains("macintosh")) {
            return "macOS";
        }
        return ua.contains("linux") ? "Linux" : null;
    }
}
