/**
 * An in-process hh.ru for the employer's negotiations, the test peer of the hh.ru poller and part of the
 * sandbox. Endpoints, all below {@code http://127.0.0.1:<port>} (hh.ru has no path prefix):
 * <ul>
 * <li>{@code GET /negotiations?vacancy_id=} the collections; {@code GET /negotiations/<collection>?vacancy_id=
 * &page=&per_page=} one page of a collection; {@code GET /negotiations/<nid>} one negotiation with its vacancy.</li>
 * <li>{@code POST /oauth/token} with {@code grant_type=refresh_token}: on the API host here, on
 * {@code https://hh.ru/oauth/token} in real life.</li>
 * </ul>
 * Where hh.ru's documents are silent, the simulator decides:
 * <ul>
 * <li>Checks run in the order User-Agent, bearer token, parameters. {@code HH-User-Agent} wins over
 * {@code User-Agent}; a missing or blank one is {@code unset}, an HTTP library's default ({@code Java-http-client/…},
 * {@code Apache-HttpClient/…}, {@code curl/…}) is {@code blacklisted}: it names no application.</li>
 * <li>{@code per_page} above 50 gets 400 {@code bad_argument per_page} by default, because hh.ru states 50 as the
 * limit and a strict peer shows a client that asks for more; {@code CAP} answers with 50 instead. Non-numeric or
 * negative {@code page}, {@code per_page} below 1: 400 {@code bad_argument}. A page past the end is empty.</li>
 * <li>Lists are ordered by {@code updated_at}, newest first (ties: higher id first), so a negotiation that moves
 * jumps to the front and pages shift under a client that reads them while things change.</li>
 * <li>The collections answer always lists inbox, hold, invited, discarded, then any other collection a
 * negotiation of that vacancy is in. An unknown collection of a known vacancy is 404.</li>
 * <li>Reading lists changes nothing. {@code GET /negotiations/<nid>} marks the negotiation viewed by the employer
 * and clears {@code has_updates}; new and moved negotiations have {@code has_updates: true}.</li>
 * <li>Refresh: client id and secret are checked only when configured; any grant type but {@code refresh_token} is
 * {@code unsupported_grant_type}. After a refresh the old access token still answers {@code token_expired}.</li>
 * <li>Errors: 404 {@code {"errors":[{"type":"not_found"}]}}; 400 {@code bad_argument} with the parameter as
 * value; queued faults of the shared base answer with the base's own body.</li>
 * <li>Resume {@code url}, vacancy {@code url} and {@code area.url} point at this host, which does not serve them
 * (404); {@code alternate_url}s point at hh.ru as web links.</li>
 * </ul>
 */
package ru.rabota.bridge.sandbox.hh;
