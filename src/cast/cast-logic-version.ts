/**
 * Part of every cast key (see cast-key.ts). Bump it whenever a change to the prompt, the strict
 * schema conversion or the validation could change what a cast returns, so that cached results
 * from the old logic are not served for new requests.
 */
export const CAST_LOGIC_VERSION = '3';
