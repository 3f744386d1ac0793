package dev.pier.base.terminal;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

/** Registers the terminal socket; no allowed origins are added, so only the console's own pages may connect. */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class TerminalSocketConfiguration implements WebSocketConfigurer {

    private final TerminalChannels channels;

    TerminalSocketConfiguration(TerminalChannels channels) {
        this.channels = channels;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(new TerminalSocketHandler(channels), "/terminal-socket/*");
    }
}
