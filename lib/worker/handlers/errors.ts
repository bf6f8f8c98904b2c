/** A refusal the merchant can act on: its message is shown as it is. */
export class UserError extends Error {}
