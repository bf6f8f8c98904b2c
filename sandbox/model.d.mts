// Types for model.mjs (only what other modules' users need).
export type Seed =
  | 'demo'
  | 'empty'
  | {
      large: {
        orders?: number;
        products?: number;
        years?: number;
        seed?: number;
        links?: number;
        unshipped?: number;
        linked?: number;
        unlinkedShare?: number;
        itemOrders?: number[];
      };
    };

export declare class SandboxState {
  constructor(opts?: { seed?: Seed; now?: string | number | Date });
  now(): number;
  setNow(v: string | number | Date, frozen?: boolean): void;
  advance(ms: number): void;
  reset(seed?: Seed): void;
  layout: string;
  requests: any[];
  faults: any[];
  held: any[];
  orders: Map<string, any>;
  products: Map<string, any>;
  ink: { orders: Map<string, any>; nextId: number; nextItemId: number };
  shipments: any[];
  summary(): any;
  [key: string]: any;
}
export declare class HttpError extends Error {
  constructor(status: number, message: string);
  status: number;
}
export declare const LAYOUTS: readonly ['table', 'cards', 'shadow', 'delayed', 'spa'];
