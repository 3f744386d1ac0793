package dev.pier.auth;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;

/** A short, human description of the client behind a request ("Firefox on Linux from 10.0.0.7") for "My sessions". */
final class DeviceDescription {

    private DeviceDescription() {}

    static String of(HttpServletRequest request) {
        return describe(request.getHeader("User-Agent")) + " from " + request.getRemoteAddr();
    }

    static String describe(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return "Unknown client";
        }
        String ua = userAgent.toLowerCase(Locale.ROOT);
        String client = ua.contains("edg/")
                ? "Edge"
                : ua.contains("firefox/")
                        ? "Firefox"
                        : ua.contains("chrome/") || ua.contains("chromium/")
                                ? "Chrome"
                                : ua.contains("safari/")
                                        ? "Safari"
                                        : ua.startsWith("curl/")
                                                ? "curl"
                                                : ua.contains("python")
                                                        ? "Python script"
                                                        : userAgent.split("[ /]")[0];
        String system = ua.contains("android")
                ? "Android"
                : ua.contains("iphone") || ua.contains("ipad")
                        ? "iOS"
                        : ua.contains("windows")
                                ? "Windows"
                                : ua.contains("mac os") ? "macOS" : ua.contains("linux") ? "Linux" : null;
        return system == null ? client : client + " on " + system;
    }
}
