/**
 * How the registry recognises the same organisation written differently: "The Meridian
 * Business Services PLC" and "Meridian Business Services" share a normalised name.
 */
const LEGAL_WORDS = new Set(['the', 'ltd', 'limited', 'plc', 'llp', 'cic', 'cio']);

export function normaliseName(name: string): string {
  return (
    name
      .normalize('NFKD')
      // Accents go, so "Café" matches "Cafe".
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      // "St John's" and "St Johns" are the same name; "Smith & Sons" and "Smith and Sons" too.
      .replace(/['’`]/g, '')
      .replace(/&/g, ' and ')
      .replace(/[^a-z0-9]+/g, ' ')
      .split(' ')
      .filter((word) => word && !LEGAL_WORDS.has(word))
      .join(' ')
  );
}

/**
 * Accepted registration numbers, after upper-casing and removing spaces:
 * - Companies House: 8 digits (01234567) or 2 letters + 6 digits (SC123456, NI123456, OC123456);
 *   this also covers Scottish charity numbers (SC0 + 5 digits).
 * - Charity Commission for England and Wales: 6 or 7 digits, with an optional -N or -NN
 *   subsidiary suffix (1123456, 1123456-1).
 * - Charity Commission for Northern Ireland: NIC + 6 digits (NIC100002).
 */
export const REGISTRATION_NUMBER_PATTERN = /^(\d{8}|[A-Z]{2}\d{6}|\d{6,7}(-\d{1,2})?|NIC\d{6})$/;

export function normaliseRegistrationNumber(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}

/** UK postcodes, outward code then inward code (SW1A 1AA, OX1 1ND, M1 1AE); GIR 0AA is the odd one. */
const POSTCODE = /^([A-Z]{1,2}\d[A-Z\d]?|GIR)\d[A-Z]{2}$/;

/** The postcode in its standard form ("ox11nd" -> "OX1 1ND"), or undefined if it is not one. */
export function formatPostcode(value: string): string | undefined {
  const compact = value.replace(/\s+/g, '').toUpperCase();
  return POSTCODE.test(compact) ? `${compact.slice(0, -3)} ${compact.slice(-3)}` : undefined;
}

/** An http(s) address; "www.example.org" is taken to mean https://www.example.org. */
export function normaliseWebsite(value: string): string | undefined {
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(value) ? value : `https://${value}`;
  try {
    const url = new URL(withScheme);
    if (!['http:', 'https:'].includes(url.protocol) || !url.hostname.includes('.')) return undefined;
    if (url.username || url.password) return undefined;
    return withScheme;
  } catch {
    return undefined;
  }
}
