package ru.rabota.bridge.hh;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.apache.camel.util.URISupport;

/**
 * Decides which URLs from hh.ru answers may be followed: only those on the API root's own scheme, host and port, and
 * below its path. hh.ru's answers name the URLs to request next; following one elsewhere would send the bearer token
 * to that host.
 */
public final class HhLinks {

    private final URI root;
    private final String rootPath;

    public HhLinks(String baseUrl) {
        this.root = URI.create(baseUrl);
        String path = root.getPath() == null ? "" : root.getPath();
        this.rootPath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** A URL from an answer, below the API root: its path there and its decoded query. */
    public record Link(String path, Map<String, Object> query) {
    }

    /** The collection to request for a collections entry, or empty when its {@code url} is not on the API root. */
    public Optional<HhCollection> collection(String vacancyId, String id, String url) {
        return follow(url).map(link -> new HhCollection(vacancyId, id, link.path(), link.query()));
    }

    /** The URL as a path below the API root, or empty when it is elsewhere (or no URL). */
    public Optional<Link> follow(String url) {
        if (url == null) {
            return Optional.empty();
        }
        try {
            URI link = new URI(url);
            String path = link.getPath();
            if (!sameOrigin(link) || path == null || !path.startsWith(rootPath + "/")) {
                return Optional.empty();
            }
            return Optional.of(new Link(path.substring(rootPath.length()), URISupport.parseQuery(link.getRawQuery())));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private boolean sameOrigin(URI link) {
        return link.getScheme() != null && link.getHost() != null
                && link.getScheme().equalsIgnoreCase(root.getScheme())
                && link.getHost().toLowerCase(Locale.ROOT).equals(root.getHost().toLowerCase(Locale.ROOT))
                && port(link) == port(root);
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
