package dev.pier.test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The console's REST API as a script reaches it: log in for a bearer token, then send requests with it. */
public final class ApiClient {

    private final int port;
    private final ObjectMapper json;
    private final HttpClient http = HttpClient.newHttpClient();

    public ApiClient(int port, ObjectMapper json) {
        this.port = port;
        this.json = json;
    }

    /** A bearer token from {@code POST /api/v1/auth/login}. */
    public String login(String username, String password) throws Exception {
        HttpResponse<String> response = send(
                "POST",
                "/api/v1/auth/login",
                null,
                "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
        return json.readTree(response.body()).get("token").asText();
    }

    /** A request with a JSON body (or none) and the token (or none). */
    public HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code GET path}, which must answer 200, as JSON. */
    public JsonNode get(String path, String token) throws Exception {
        HttpResponse<String> response = send("GET", path, token, null);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return json.readTree(response.body());
    }
}
