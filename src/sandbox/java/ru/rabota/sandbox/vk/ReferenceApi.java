package ru.rabota.sandbox.vk;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ru.rabota.sandbox.http.SimRequest;
import ru.rabota.sandbox.http.SimResponse;

/**
 * The dictionaries, each in the shape the document prints: categories and nationalities as JSON:API (the
 * latter with {@code links}), professions and regions as plain arrays under their own key, cities as JSON:API
 * pages with the same {@code links} as nationalities.
 */
record ReferenceApi(VkSimulatorConfig config, Supplier<String> baseUrl) {

    void register(VkRoutes routes) {
        routes.open("GET", "/categories", this::categories)
                .authed("GET", "/professions", this::professions)
                .authed("GET", "/regions", this::regions)
                .authed("GET", "/cities", this::cities)
                .authed("GET", "/nationalities", this::nationalities);
    }

    private SimResponse categories(SimRequest request, Params params) {
        ArrayNode data = VkJson.MAPPER.createArrayNode();
        for (VkReferenceData.Category c : config.referenceData().categories()) {
            data.addObject().put("id", c.resourceId()).put("type", "category").putObject("attributes")
                    .put("id", c.id()).put("name", c.name()).put("transliterated_name", c.transliteratedName())
                    .put("popular", c.popular()).put("sorting_value", c.sortingValue()).put("salary_to", c.salaryTo())
                    .put("icon_image_url", c.iconImageUrl()).putNull("alternative_icon_image_url");
        }
        return VkJson.ok(VkJson.data(data));
    }

    private SimResponse professions(SimRequest request, Params params) {
        ObjectNode body = VkJson.MAPPER.createObjectNode();
        ArrayNode list = body.putArray("professions");
        config.referenceData().professions().forEach(p -> list.addObject().put("id", p.id()).put("title", p.title()));
        return VkJson.ok(body);
    }

    private SimResponse regions(SimRequest request, Params params) {
        ObjectNode body = VkJson.MAPPER.createObjectNode();
        ArrayNode list = body.putArray("regions");
        config.referenceData().regions()
                .forEach(r -> list.addObject().put("name", r.name()).put("fias_id", r.fiasId()));
        return VkJson.ok(body);
    }

    private SimResponse cities(SimRequest request, Params params) {
        Function<VkReferenceData.City, ObjectNode> render = c -> {
            ObjectNode resource = VkJson.ref(c.id(), "city");
            resource.putObject("attributes").put("id", c.id()).put("region_id", c.regionId()).put("name", c.name());
            return resource;
        };
        if (config.citiesUnpaged()) {
            ArrayNode data = VkJson.MAPPER.createArrayNode();
            config.referenceData().cities().forEach(city -> data.add(render.apply(city)));
            return VkJson.ok(VkJson.data(data));
        }
        return paged("/cities", params, config.referenceData().cities(), render);
    }

    private SimResponse nationalities(SimRequest request, Params params) {
        return paged("/nationalities", params, config.referenceData().nationalities(), n -> {
            ObjectNode resource = VkJson.ref(n.id(), "nationality");
            resource.putObject("attributes").put("id", n.id()).put("name", n.name());
            return resource;
        });
    }

    /** One page of a dictionary with first/prev/next/last links; prev and next only where such a page exists. */
    private <T> SimResponse paged(String path, Params params, List<T> all, Function<T, ObjectNode> render) {
        Paging paging = Paging.of(params, config);
        ArrayNode data = VkJson.MAPPER.createArrayNode();
        paging.slice(all).forEach(item -> data.add(render.apply(item)));
        ObjectNode document = VkJson.data(data);
        String size = params.node("page").has("size") ? "&page%5Bsize%5D=" + paging.size() : "";
        String link = baseUrl.get() + path + "?page%5Bnumber%5D=";
        long last = paging.last(all.size());
        ObjectNode links = document.putObject("links").put("first", link + 1 + size);
        if (paging.number() > 1) {
            links.put("prev", link + Math.min(paging.number() - 1, last) + size);
        }
        if (paging.number() < last) {
            links.put("next", link + (paging.number() + 1) + size);
        }
        links.put("last", link + last + size);
        return VkJson.ok(document);
    }
}
