/**
 * Reading the Big Cartel admin pages: every page-reading rule of the extension lives in this
 * folder (the Refined GitHub "selectors in one module" model), split by job:
 * - paths: which page a URL is, and its order or product id;
 * - dom: walking the DOM, open shadow roots included;
 * - text: folding text into the compact form names are compared in;
 * - model: the page's text model and whole-word search over it;
 * - occurrences, quantities, item-info, placement: placing an order's line items;
 * - order-numbers: known order numbers on a page and the rows of the orders list.
 *
 * The admin's DOM is not documented and changes, so nothing here uses a class name or an id.
 * Items are found by what the API says the order holds (product name, option name, quantity),
 * in the document and in every open shadow root. Everything is a pure function of the DOM it is
 * given: no `browser.*`, no UI, no HTML parsing or writing, and no function throws (a failure
 * reads as "nothing found", so the overlay falls back to its own panel).
 *
 * How text is compared. All visible text is folded once into one "compact" string: NFKC,
 * lower case, whitespace and punctuation removed. Every removed character and every text-node
 * or element boundary is remembered as a *break*, so a match can be required to start and end
 * on word boundaries ("Moth Tee" is not found inside "Moth Teeth") while text split across
 * elements (`<span>Moth</span> <b>Tee</b>`) or spelt with other punctuation ("Black / L",
 * "Black/L", "Black, L") still matches. Each element knows the range of the compact string its
 * subtree produced, which turns "the smallest element holding this text" into a walk up the tree.
 */
export { deepElements } from './dom';
export { readPage } from './model';
export { findKnownOrderId, findOrderRows, orderIdCandidates } from './order-numbers';
export { isOrdersListPath, orderIdFromPath, productIdFromPath } from './paths';
export { placeItems } from './placement';
