/**
 * A destination's connection string template (catalog.ts: `postgresql://<username>:<password>@<host>:5432/<database>`)
 * filled with the credential parts given as options (--destination-host ...): the parts not given
 * stay <slots> to fill in later. dlt unquotes the user, password, database and query values it
 * parses (checked on dlt 1.31), so those are percent-encoded.
 */

/** Where each part (a setting's option) goes in a template, and whether it is encoded there. */
const SLOTS: Readonly<Record<string, { slot: RegExp; encode?: (value: string) => string }>> = {
  drivername: { slot: /<drivername>/ },
  username: { slot: /<username>/, encode: encodeURIComponent },
  password: { slot: /<password>/, encode: encodeURIComponent },
  host: { slot: /<host>|<account identifier>/ },
  // the port after the host: a template's usual one (5432) or a <port> slot
  port: { slot: /(?<=@[^/?]*:)(?:\d+|<port>)/ },
  database: { slot: /<database>/, encode: encodeURIComponent },
  warehouse: { slot: /<warehouse>/, encode: encodeURIComponent },
  role: { slot: /<role>/, encode: encodeURIComponent },
  token: { slot: /<token>/, encode: encodeURIComponent },
  odbcDriver: {
    slot: /(?<=[?&]driver=)[^&]*/,
    encode: (value) => encodeURIComponent(value).replace(/%20/g, '+'),
  },
};

/** The template has a place for the part named `option`. */
export function hasSlot(template: string, option: string): boolean {
  const slot = SLOTS[option]?.slot;
  return slot?.test(template) ?? false;
}

/** The template with each given part in its place (parts without one are left out: see hasSlot). */
export function fillConnectionString(
  template: string,
  parts: Readonly<Record<string, string | number | undefined>>,
): string {
  let filled = template;
  for (const [option, value] of Object.entries(parts)) {
    const place = SLOTS[option];
    if (value === undefined || !place) continue;
    const text = place.encode ? place.encode(String(value)) : String(value);
    // a function, so that `$` in a password is not read as a replacement pattern
    filled = filled.replace(place.slot, () => text);
  }
  return filled;
}

/** The text without the query parameter that holds the part's slot (`&role=<role>`): an optional part not given. */
export function leaveOutQueryPart(text: string, option: string): string {
  const slot = SLOTS[option]?.slot.source;
  return slot === undefined ? text : text.replace(new RegExp(`&\\w+=(?:${slot})(?=&|$)`), '');
}

/** The <slots> a connection string still has, e.g. ['<username>', '<password>']. */
export function unfilledSlots(text: string): string[] {
  return text.match(/<[^<>]+>/g) ?? [];
}
