package dev.pier.providerapp.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pier.shared.LeaseEvent;
import dev.pier.shared.LogLine;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

/** The WebSocket routes; each handshake is authenticated like the HTTP routes, with the route's scope. */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class GatewayWebSockets implements WebSocketConfigurer {

    private final SequencedStreamHandler<LogLine> logStream;
    private final SequencedStreamHandler<LeaseEvent> eventStream;
    private final ShellHandler shell;
    private final TokenVerifier tokens;
    private final LeaseBook leases;
    private final ObjectMapper json;

    GatewayWebSockets(
            SequencedStreamHandler<LogLine> logStream,
            SequencedStreamHandler<LeaseEvent> eventStream,
            ShellHandler shell,
            TokenVerifier tokens,
            LeaseBook leases,
            ObjectMapper json) {
        this.logStream = logStream;
        this.eventStream = eventStream;
        this.shell = shell;
        this.tokens = tokens;
        this.leases = leases;
        this.json = json;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        // Any origin: callers authenticate with bearer tokens, never with cookies.
        registry.addHandler(logStream, "/lease/*/*/*/logs")
                .addInterceptors(new LeaseHandshake(tokens, leases, json, Scope.LOGS))
                .setAllowedOrigins("*");
        registry.addHandler(eventStream, "/lease/*/*/*/kubeevents")
                .addInterceptors(new LeaseHandshake(tokens, leases, json, Scope.EVENTS))
                .setAllowedOrigins("*");
        registry.addHandler(shell, "/lease/*/*/*/shell")
                .addInterceptors(new LeaseHandshake(tokens, leases, json, Scope.SHELL))
                .setAllowedOrigins("*");
    }
}
