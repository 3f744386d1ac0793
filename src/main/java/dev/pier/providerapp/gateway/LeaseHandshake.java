package dev.pier.providerapp.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pier.providerapp.runtime.LeaseId;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Authenticates every WebSocket handshake like an HTTP route: bearer token, the route's scope, lease ownership. A
 * refused handshake gets the same JSON error an HTTP route would.
 */
class LeaseHandshake implements HandshakeInterceptor {

    static final String LEASE = "pier.lease";
    static final String CALLER = "pier.caller";

    private final TokenVerifier tokens;
    private final LeaseBook leases;
    private final ObjectMapper json;
    private final Scope scope;

    LeaseHandshake(TokenVerifier tokens, LeaseBook leases, ObjectMapper json, Scope scope) {
        this.tokens = tokens;
        this.leases = leases;
        this.json = json;
        this.scope = scope;
    }

    @Override
    public boolean beforeHandshake(
            ServerHttpRequest request,
            ServerHttpResponse response,
            WebSocketHandler handler,
            Map<String, Object> attributes)
            throws Exception {
        try {
            TokenVerifier.Caller caller =
                    tokens.verify(request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION), scope);
            String[] parts = request.getURI().getPath().split("/");
            // /lease/{dseq}/{gseq}/{oseq}/{stream}
            LeaseId id = new LeaseId(
                    caller.address(), Long.parseLong(parts[2]), Integer.parseInt(parts[3]), Integer.parseInt(parts[4]));
            attributes.put(LEASE, LeaseController.requireOwned(leases, id));
            attributes.put(CALLER, caller);
            return true;
        } catch (TokenRejectedException e) {
            return refuse(response, e.status, e.error, e.getMessage());
        } catch (LeaseController.NoLeaseException e) {
            return refuse(response, 404, "noLease", e.getMessage());
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            return refuse(response, 400, "badRequest", "The lease id must be /lease/<dseq>/<gseq>/<oseq>.");
        }
    }

    private boolean refuse(ServerHttpResponse response, int status, String error, String message) throws Exception {
        response.setStatusCode(HttpStatus.valueOf(status));
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        response.getBody()
                .write(json.writeValueAsString(GatewayErrors.body(error, message))
                        .getBytes(StandardCharsets.UTF_8));
        return false;
    }

    @Override
    public void afterHandshake(
            ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler, Exception e) {}
}
