package ru.rabota.sandbox.vk;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import ru.rabota.sandbox.http.DocumentedRequests;
import ru.rabota.sandbox.http.Faults;
import ru.rabota.sandbox.http.RecordedRequest;
import ru.rabota.sandbox.http.SimRequest;
import ru.rabota.sandbox.http.SimResponse;
import ru.rabota.sandbox.http.SimServer;

/**
 * An in-process VK Работа External API (vk-rabota-external-api.md) on 127.0.0.1: every endpoint of the
 * document with its shapes, status codes and error bodies, strict about what it accepts. The test peer of the
 * bundle and the sandbox's job board: tests and the sandbox reach its data through {@link #state()}, inject
 * faults through {@link #faults()} and read what was asked through {@link #requests()}.
 */
public final class VkSimulator implements AutoCloseable {

    public static final String PATH_PREFIX = "/api/external/v1";

    private final VkSimulatorConfig config;
    private final VkState state;
    private final Jwt jwt;
    private final SimServer server;
    private final VkActivity activity;

    public VkSimulator(VkSimulatorConfig config) {
        this.config = config;
        this.state = new VkState(config);
        this.jwt = new Jwt(config.jwtSecret());
        this.server = new SimServer("VK Работа", PATH_PREFIX, new Faults(config.seed()),
                request -> VkJson.error(404, "Not Found"));
        // what the document does not name is refused, as a parameter the service cannot use
        server.documented(VkDocument.requests(), violations -> VkJson.error(422,
                "Недокументированный запрос: " + DocumentedRequests.text(violations)));
        this.activity = new VkActivity(state, config.seed(), config.referenceData());
        VkJson json = new VkJson(config);
        VkRoutes routes = new VkRoutes(server, jwt, config.clock()).open("POST", "/session", this::session);
        new JobsApi(state, json, config).register(routes);
        new ReferenceApi(config, this::baseUrl).register(routes);
        new ApplicationsApi(state, json, config).register(routes);
        new VasApi(state, json, config).register(routes);
        new CandidatesApi(state, json, config).register(routes);
        new BackgroundApi(state, config).register(routes);
        new PacketsApi(state, config).register(routes);
    }

    /** Listens on the configured port (0: a free one), over https when the configuration has a TLS context. */
    public VkSimulator start() throws IOException {
        server.start(config.port(), config.tls());
        return this;
    }

    /** {@code http://127.0.0.1:<port>/api/external/v1}, or https. */
    public String baseUrl() {
        return server.baseUri();
    }

    public int port() {
        return server.port();
    }

    public VkSimulatorConfig config() {
        return config;
    }

    public VkState state() {
        return state;
    }

    public Faults faults() {
        return server.faults();
    }

    /** Every request received, oldest first, with headers (Authorization included) and body. */
    public List<RecordedRequest> requests() {
        return server.requests();
    }

    public void clearRequests() {
        server.clearRequests();
    }

    /** A valid token for the configured user, as POST /session would give. */
    public String issueToken() {
        return jwt.issue(config.userId(), config.clock().instant().plus(config.tokenLifetime()));
    }

    /** Creates applications and moves statuses every {@code every}, on a daemon thread, until stopped. */
    public void startActivity(Duration every) {
        activity.start(every);
    }

    public void stopActivity() {
        activity.stop();
    }

    /** One round of activity now; the applications it created (none when no job is active). */
    public List<VkApplication> runActivityOnce() {
        return activity.tick();
    }

    /**
     * {@code count} applications from new candidates over the active jobs (one is created when there is
     * none), created a second apart up to now, mostly unread.
     */
    public List<VkApplication> seedApplications(int count) {
        return activity.seedApplications(count);
    }

    /** {@code count} generated candidates without applications, for candidate search. */
    public List<VkCandidate> seedCandidates(int count) {
        return activity.seedCandidates(count);
    }

    @Override
    public void close() {
        activity.stop();
        server.close();
    }

    private SimResponse session(SimRequest request, Params params) {
        String login = params.text("login");
        String password = params.text("password");
        if (login == null || login.isBlank() || password == null || password.isBlank()) {
            return VkJson.error(422, "Invalid Login");
        }
        if (!login.equals(config.login()) || !password.equals(config.password())) {
            return VkJson.error(401, "Invalid Auth params");
        }
        ObjectNode body = VkJson.MAPPER.createObjectNode().put("token", issueToken());
        return VkJson.ok(body);
    }
}
