/**
 * An in-process hh.ru for the employer, the test peer of the bundle's hh.ru side and part of the sandbox.
 * Endpoints, all below {@code http://127.0.0.1:<port>} (hh.ru has no path prefix):
 * <ul>
 * <li>{@code GET /negotiations?vacancy_id=[&with_generated_collections=]} the collections;
 * {@code GET /negotiations/<collection>?vacancy_id=&page=&per_page=[&order_by=]} one page of a collection;
 * {@code GET /negotiations/<nid>} one negotiation with its vacancy; {@code PUT /negotiations/<action>/<nid>} an
 * action (2015: {@code PUT /negotiations/<status>/<nid>}). All four need paid API access.</li>
 * <li>{@code GET /me}; {@code GET /employers/<employer_id>/vacancies/active?page=&per_page=[&text=][&manager_id=]}
 * (one manager's, the token's user's by default).</li>
 * <li>{@code POST /vacancies[?ignore_duplicates=]} publishing, {@code PUT /vacancies/<id>[?ignore_duplicates=]}
 * editing, {@code GET /vacancies/<id>} reading back, {@code PUT /employers/<employer_id>/vacancies/archived/<id>}
 * archiving.</li>
 * <li>{@code POST /token} with {@code grant_type=refresh_token}, and the deprecated {@code POST /oauth/token}
 * answering the same: on the API host here, {@code https://api.hh.ru/token} and {@code https://hh.ru/oauth/token}
 * in real life.</li>
 * <li>{@code POST|GET /webhook/subscriptions}, {@code PUT|DELETE /webhook/subscriptions/<id>}, and notifications
 * POSTed to the subscription's URL.</li>
 * </ul>
 * Two editions of the negotiations answers ({@link ru.rabota.sandbox.hh.HhSimulatorConfig.Edition}):
 * <ul>
 * <li>TODAY (default), as {@code api/hh/}: {@code collections[]} (id, name, url, counters, order_types),
 * {@code employer_states[]}, {@code generated_collections[]} when asked; items with {@code state},
 * {@code employer_state}, {@code actions[]}, {@code messages_url}, {@code counters}, {@code source}; lists with
 * {@code ordered_by}; the single negotiation with {@code messaging_status}.</li>
 * <li>EDITION_2015, as {@code api/hh-employer-negotiations.md}: {@code states[]} inbox, hold, invited, discarded;
 * items with {@code state} only. The edition changes nothing else: {@code /me}, the active list, tokens and
 * webhooks answer alike.</li>
 * </ul>
 * Where hh.ru's documents are silent, the simulator decides:
 * <ul>
 * <li>Checks run in the order User-Agent, bearer token, paid access, parameters. {@code HH-User-Agent} wins over
 * {@code User-Agent}; a missing or blank one is {@code unset}, an HTTP library's default ({@code Java-http-client/…},
 * {@code Apache-HttpClient/…}, {@code curl/…}) is {@code blacklisted}: it names no application.</li>
 * <li>One workflow for every vacancy. Today's collections, each listed even when empty: response, consider,
 * phone_interview, interview, offer, hired, discard_by_employer (the ids of the specification's examples); each
 * employer state has the collection of the same id. Generated collections: {@code vacancy_visitors} repeats every
 * negotiation of the vacancy, {@code relevant_responses} those in response; their lists are served, and they are
 * listed without being asked when {@code generatedCollectionsAlways} is set.
 * {@code with_generated_collections} other than true/false is 400 {@code bad_argument}.</li>
 * <li>Actions by employer state (the URL names the action, which names the employer state it leads to; all
 * {@code PUT}): response offers consider, phone_interview, interview, offer, discard_by_employer; consider and
 * phone_interview offer the others of these; interview offers consider, offer, hired, discard_by_employer; offer
 * offers hired and discard_by_employer; discard_by_employer offers consider; hired none. {@code offer} is listed
 * but disabled before an interview. {@code interview} requires {@code message} (an invitation says when and
 * where); elsewhere {@code message} is optional, and {@code send_sms} and {@code address_id} require it.</li>
 * <li>Refusals, in this order: unknown negotiation 404 {@code not_found}; an action not offered in the current
 * state, or disabled, 403 {@code negotiations}/{@code wrong_state}; another HTTP method than the action's 405
 * {@code method_not_allowed} with {@code Allow} (no document names this case); an archived vacancy 403
 * {@code negotiations}/{@code invalid_vacancy}; a missing required argument, or one another given argument
 * requires, 400 {@code bad_argument} with the argument; {@code send_sms} other than true/false 400
 * {@code bad_argument}; a blank message 403 {@code negotiations}/{@code empty_message}. Arguments come only from an
 * {@code application/x-www-form-urlencoded} body; unknown ones are ignored (hh.ru may add optional ones).</li>
 * <li>A carried out action answers 204 and moves the negotiation to the resulting employer state and its
 * collection, updated now with {@code has_updates}; with a message the candidate's state becomes {@code discard}
 * (for discard_by_employer) or {@code invitation}, without one it stays. In 2015 the status may name the collection
 * or the state: hold, invited/invitation, discarded/discard; moving to the collection it is in, or an unknown
 * status, is {@code wrong_state}; the message is optional.</li>
 * <li>Paid access is one switch for the employer; without it the four negotiation endpoints answer 403
 * {@code api_access_payment}/{@code action_must_be_payed}, in both editions; {@code /me}, the active list, tokens
 * and webhooks do not need it.</li>
 * <li>{@code /me} is the employer's manager (user 12345678, employer and manager ids from the configuration). The
 * active list of another employer id is 404 {@code not_found} (the spec's "no right to see its published
 * vacancies"); its items are the vacancy's short form plus {@code expires_at}, {@code billing_type},
 * {@code counters}, {@code manager}, in the order vacancies were added; {@code text} keeps those whose name
 * contains it, case aside.</li>
 * <li>{@code per_page} above 50 gets 400 {@code bad_argument per_page} by default (lists and the active list),
 * because hh.ru states 50 as the limit and a strict peer shows a client that asks for more; {@code CAP} answers
 * with 50 instead. Non-numeric or negative {@code page}, {@code per_page} below 1: 400 {@code bad_argument}. A
 * page past the end is empty. An {@code order_by} that is not among the collection's order types is 400
 * {@code bad_argument}; every order type lists the same way.</li>
 * <li>Lists are ordered by {@code updated_at}, newest first (ties: higher id first), so a negotiation that moves
 * jumps to the front and pages shift under a client that reads them while things change.</li>
 * <li>A collection a negotiation is in beyond the standard ones is listed after them. An unknown collection of a
 * known vacancy is 404.</li>
 * <li>Reading lists changes nothing. {@code GET /negotiations/<nid>} marks the negotiation viewed by the employer
 * and clears {@code has_updates}; new and moved negotiations have {@code has_updates: true}.</li>
 * <li>Refresh: {@code client_id}/{@code client_secret} are not needed; sent ones must match the configured client
 * ({@code invalid_client}). An unknown refresh token is {@code invalid_request}/{@code token not found}, a used one
 * {@code invalid_grant}/{@code token has already been refreshed}, one whose access token lives
 * {@code invalid_grant}/{@code token not expired}, as errors.md lists them; any grant type but
 * {@code refresh_token} is {@code unsupported_grant_type}. After a refresh the old access token still answers
 * {@code token_expired}.</li>
 * <li>Webhooks: one subscription per user and application: a second POST is 400
 * {@code notifications}/{@code already_exist}. Bodies are checked against the schema: unknown fields, a URL that is
 * not absolute http(s), missing or empty {@code actions}, an unknown type, settings other than
 * {@code vacancies_only_mine} are 400 {@code bad_json_data} with {@code value}, {@code pointer} and {@code reason}.
 * Ids count from 1. Every vacancy is the user's, so {@code vacancies_only_mine} filters nothing.</li>
 * <li>Notifications: a candidate's response sends {@code NEW_NEGOTIATION_VACANCY} and
 * {@code NEW_RESPONSE_OR_INVITATION_VACANCY}; an action through the API, a change on "the site"
 * ({@code changeEmployerState}) or the activity sends {@code NEGOTIATION_EMPLOYER_STATE_CHANGE};
 * {@code addNegotiation}/{@code moveNegotiation} send nothing. Each goes to the URL its subscription had at the
 * time, with a random UUID as {@code id}, from a background thread. 2xx or 409 within the timeout (2 s) is
 * delivered; otherwise the n-th retry follows after n times the retry delay, the same id and body each time, up
 * to the maximum attempts. hh.ru's blocking of long-failing subscriptions is not simulated.</li>
 * <li>Publishing checks the body against publish-vacancy.txt and {@code GET /vacancy_conditions}, and answers
 * every problem at once, each a 400 {@code bad_json_data} with {@code value} (the top-level field),
 * {@code pointer} and {@code reason}, without {@code description}: absent or null {@code name},
 * {@code description}, {@code area}, {@code type}, {@code billing_type}, {@code professional_roles} (and a
 * required member such as {@code salary_range.mode}) are {@code required}; a value of the wrong JSON type, a bare id
 * where {@code {"id": ...}} belongs, an id outside the dictionary are {@code invalid}; a field the schema does not
 * have, at any depth, is {@code unexpected}, so a misspelt field is not lost silently ({@code vacancy_properties},
 * which the schema names without describing, is not simulated and so unexpected too); a body that is not a JSON
 * object is one {@code bad_json_data}/{@code invalid} without value or pointer, whatever the Content-Type.</li>
 * <li>The description counts its text: tags dropped, an entity one character, white space collapsed; under 200
 * characters is {@code is_too_short}, none {@code is_empty}; over 10,000 characters of HTML as sent is
 * {@code is_too_long}; an e-mail address in it is {@code email_in_description}. Names: blank {@code is_empty},
 * over 220 {@code is_too_long}; {@code code} over 50 {@code is_too_long}.</li>
 * <li>Dictionaries ({@code HhDictionary}): leaf areas 1, 2, 3, 4, 66, 88 (anything else, 113 Россия included, is
 * {@code chosen_area_is_not_a_leaf_or_not_exist}); professional roles 40, 70, 96, 97, 124, exactly one
 * ({@code size_less_than_min}, {@code is_too_long}); billing types free, standard, standard_plus, premium; types
 * open, closed, anonymous, direct; currencies RUR, USD, EUR, KZT, BYR, UAH, AZN, UZS, GEL, KGS
 * ({@code currency_code_is_invalid}); salary modes MONTH, SHIFT, HOUR, FLY_IN_FLY_OUT and frequencies DAILY,
 * WEEKLY, TWICE_PER_MONTH, MONTHLY, PER_PROJECT. Schedules, experience, employment and the other dictionaries are
 * checked for shape only. The only manager a vacancy may name is the configured one.</li>
 * <li>{@code salary_range} needs currency, mode and gross, and at least one bound ({@code required} on
 * {@code from}); bounds are whole numbers of at least 0; from above to is {@code greater_than_max} on
 * {@code from}. The deprecated {@code salary} is accepted with the same bound rules.</li>
 * <li>Type rules: anonymous needs {@code custom_employer_name} and direct {@code response_url} ({@code required});
 * others may not have them ({@code only_for_anonymous_type}, {@code only_for_direct_type}); an anonymous vacancy
 * may not have an address, department or branded template (errors.md's reasons).</li>
 * <li>Order of refusals: {@code ignore_duplicates} other than true/false 400 {@code bad_argument}; the body (400,
 * {@code previous_id} last: it must name an archived vacancy, else {@code invalid}); a duplicate (403); no
 * publication left (403 {@code vacancies}/{@code not_enough_purchased_services}). Then 201 {@code {"id"}} with
 * {@code Location: /vacancies/<id>}. New ids count from 130000001. Every publication uses one of
 * {@code publications}, whatever its billing type, republications too; an archived vacancy may be
 * {@code previous_id} of several.</li>
 * <li>Duplicates: an active vacancy of the employer with the same name (case and spacing aside) in the same area,
 * whatever its {@code code}, description or salary: 403 {@code vacancies}/{@code duplicate} with {@code found} (all)
 * and {@code items} (the first five, oldest first, ids as numbers as errors.md shows). A client that must tell its
 * own vacancy from another with the same name reads the listed ones' {@code code} through
 * {@code GET /vacancies/<id>}; the active list does not show {@code code} (get-active-vacancy-list.txt has none).
 * An edit that renames a vacancy into a duplicate is refused the same way; other edits of a vacancy that already
 * has duplicates (published with {@code ignore_duplicates}) pass.</li>
 * <li>Editing: unknown vacancy 404; archived 403 {@code vacancies}/{@code unavailable_for_archived};
 * {@code billing_type} or {@code manager} with any other field 403 {@code vacancies}/{@code conflict_changes}; a
 * billing type that is not an upgrade 400 {@code value_conflict_with_business_rules}; {@code area}, {@code type}
 * and {@code previous_id} are not editable ({@code unexpected}). The fields sent replace the old ones whole
 * ({@code salary_range} without {@code from} loses it); the type rules and duplicates are checked on the vacancy
 * as it would become; 204. An edit uses no publication.</li>
 * <li>Archiving: another employer id, an unknown or an already archived vacancy is 404 {@code not_found} (the
 * operation documents no other refusal); 204. Archived vacancies stay readable through {@code GET}. Vacancies
 * known only by name (configuration, {@code addVacancy}) are open, standard, in Москва.</li>
 * <li>{@code loseNextPublishAnswer}: the next {@code POST /vacancies} that passes User-Agent and token is handled
 * (published and paid for if valid), then its connection drops; the request is recorded with status -1.
 * {@code holdNextPublishAnswer}: the next one is handled likewise, and its answer waits until the test releases it
 * (at most five minutes), so that a client can be killed while the vacancy exists unanswered.</li>
 * <li>Errors: 404 {@code {"errors":[{"type":"not_found"}]}}; 400 {@code bad_argument} with the parameter as
 * value; no {@code request_id}; queued faults of the shared base answer with the base's own body.</li>
 * <li>Resume, area, messages and message template URLs point at this host, which does not serve them (404);
 * {@code alternate_url}s point at hh.ru as web links.</li>
 * </ul>
 */
package ru.rabota.sandbox.hh;
