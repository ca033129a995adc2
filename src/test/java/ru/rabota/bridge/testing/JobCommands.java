package ru.rabota.bridge.testing;

/** Job commands as a customer's system writes them to {@code rabota.jobs.commands}. */
public final class JobCommands {

    private JobCommands() {
    }

    /** An upsert of a valid job (a courier in Moscow), {@code request_id} {@code r-<externalId>}. */
    public static String upsert(String externalId) {
        return """
                {"command":"upsert","external_id":"%s","request_id":"r-%s","profession_id":3,
                 "job":{"title":"Курьер","description":"Доставка заказов по городу","lat":55.75,"long":37.61,
                        "address":"Москва, Тверская улица, 1","salary_from":50000,"salary_to":70000,
                        "salary_period":"monthly"}}""".formatted(externalId, externalId);
    }
}
