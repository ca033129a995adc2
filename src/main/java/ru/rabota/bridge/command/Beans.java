package ru.rabota.bridge.command;

import org.apache.camel.CamelContext;

/** Looks up the beans another configuration binds, when a lazily built bean first needs them. */
public final class Beans {

    private Beans() {
    }

    public static <T> T require(CamelContext context, String name, Class<T> type) {
        T bean = context.getRegistry().lookupByNameAndType(name, type);
        if (bean == null) {
            throw new IllegalStateException("no bean '" + name + "' of type " + type.getSimpleName());
        }
        return bean;
    }
}
