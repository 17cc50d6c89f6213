// Types of the embeddable widget for sites written in TypeScript: the <loyalty-widget> element,
// the window.LoyaltyWidget namespace and the loyalty:* events (docs/integration.md).

/** A cart as setCart takes it; money in minor units (kopecks, cents). */
export interface LoyaltyCart {
    lines: Array<{ sku: string; name?: string; category?: string; price: number; quantity?: number; tax?: number }>;
    shipping?: number;
    shipping_tax?: number;
    /** Whether prices and shipping include their tax (default true); the programme's earn.tax
     *  says whether the tax earns. */
    taxes_included?: boolean;
    discount?: number;
    /**
     * Points the shopper pays with (what `loyalty:points-selected` chose). The preview shows them
     * applied; an amount the core refuses (over the cart's maximum, off the program's step) shows
     * a message and the cart without them.
     */
    points_redeemed?: number;
    /** Ids of the rewards whose codes the shopper applied: the preview takes them off. */
    rewards?: string[];
    /**
     * The shopper's personal offers this order uses, by id (`["sorry-25"]`): the widget previews
     * the cart with the terms of the customer endpoint's offers of those ids that are active by
     * its clock; an unknown or ended id is left out and told once (`loyalty:error`,
     * "cart_invalid"). Terms given as objects are used as they are.
     */
    offers?: Array<string | LoyaltyOfferTerms>;
    order_id?: string;
}

/** A personal offer's terms, as the core applies them (docs/program.md, "Personal offers on an order"). */
export interface LoyaltyOfferTerms {
    id: string;
    kind: 'percent_off' | 'free_shipping' | 'gift' | 'points_multiplier';
    /** percent_off: "25%" or "0.25". */
    percent?: string;
    /** points_multiplier: "2". */
    multiplier?: string;
    /** gift: the product's sku (a line of the cart). */
    product_id?: string;
    /** gift: at most this much of it is free, minor units. */
    value?: number;
    /** Instants: the offer applies from `starts` and before `ends`. */
    starts?: string;
    ends?: string;
}

/** A personal offer as the customer endpoint lists it (docs/server.md, "Personal offers"). */
export interface LoyaltyOffer extends LoyaltyOfferTerms {
    /** The shop's own text, shown beside the widget's description of the offer (as text). */
    title?: string;
    starts: string;
    ends: string;
    uses: number;
    uses_limit: number | null;
    status: 'scheduled' | 'active';
    created_at: string;
}

/** What the data-customer endpoint answers for a signed-in shopper (docs/integration.md). */
export interface LoyaltyCustomerAnswer {
    /** The ledger, as the core's status operation takes it. */
    customer: { id: string; events: unknown[]; [key: string]: unknown };
    /** The shop's clock; the widget keeps the difference to its own. */
    now?: string;
    /** The shopper's current personal offers (not ended, voided or used up), soonest end first. */
    offers?: LoyaltyOffer[];
    [key: string]: unknown;
}

/** A reward as the core describes it (the status operation's "rewards" items). */
export interface LoyaltyReward {
    id: string;
    name: string;
    kind: 'fixed_discount' | 'percent_discount' | 'free_shipping' | 'free_product';
    cost: number;
    affordable: boolean;
    points_missing: number;
    tier_ok: boolean;
    available: boolean;
    value?: number;
    percent?: string;
    product_id?: string;
    min_order?: number;
    min_tier?: string;
    order_ok?: boolean;
}

export type LoyaltyWidgetMode = 'launcher' | 'inline' | 'cart' | 'survey';

export declare class LoyaltyWidgetElement extends HTMLElement {
    /** "launcher" (default), "inline", "cart" or "survey"; invalid values read as "launcher". */
    mode: LoyaltyWidgetMode;
    /** Whether the floating panel is open (the `open` attribute). */
    open: boolean;
    /** "auto" (default), "light" or "dark". */
    theme: 'auto' | 'light' | 'dark';
    /** "bottom-right" (default) or "bottom-left". */
    position: 'bottom-right' | 'bottom-left';
}

type Method = 'mount' | 'setCart' | 'open' | 'close' | 'refresh' | 'purchase';

export interface LoyaltyWidgetNamespace {
    (method: 'setCart', cart: LoyaltyCart | null): Promise<void> | void;
    (method: 'mount', target: Element | string, options?: { mode?: LoyaltyWidgetMode; lang?: string; theme?: string; position?: string }): Promise<LoyaltyWidgetElement> | void;
    (method: 'purchase', orderId: string): Promise<void> | void;
    (method: 'open' | 'close' | 'refresh'): Promise<void> | void;
    setCart(cart: LoyaltyCart | null): Promise<void>;
    mount(target: Element | string, options?: { mode?: LoyaltyWidgetMode; lang?: string; theme?: string; position?: string }): Promise<LoyaltyWidgetElement>;
    open(): Promise<void>;
    close(): Promise<void>;
    /** Reloads the program and the customer; settles once data asked for after the call is shown. */
    refresh(): Promise<void>;
    purchase(orderId: string): Promise<void>;
    /** The UI chunk's hashed file name. */
    readonly version: string;
    /** Calls queued by the snippet's stub before the loader ran. */
    q?: IArguments[];
}

/** The detail of `loyalty:ready`: whose data the widget shows. */
export interface LoyaltyReadyDetail {
    /**
     * "customer": the signed-in shopper's balance is shown; "guest": nobody is signed in (no
     * data-customer, or it answered 204, 401 or 403); "failed": the customer endpoint failed or
     * answered data the core refused, and the program is shown without a balance.
     */
    state: 'guest' | 'customer' | 'failed';
    /** `state === "guest"` (before the `state` field, a failure also read as a guest). */
    guest: boolean;
    /** The points balance; null unless `state` is "customer". */
    balance: number | null;
    /** The tier's id; null without a balance or when the program has no tiers. */
    tier: string | null;
}

/**
 * The detail of `loyalty:points-selected`: the shopper pressed "Use points" (or "Change") in the
 * cart with `points` chosen, or "Remove" (`points` 0). Apply it: `setCart({...cart,
 * points_redeemed: points})` and take `discount` off the order's total.
 */
export interface LoyaltyPointsSelectedDetail {
    /** Points to pay with: 0 (remove), or a multiple of the program's step from the smallest
     *  bookable amount to the preview's max_points. */
    points: number;
    /** What they pay, in minor units: points × the program's point_value. */
    discount: number;
}

/** A reward code the shopper claimed (data-claim-endpoint; docs/server.md, "Reward codes"). */
export interface LoyaltyClaim {
    id: string;
    reward_id: string;
    reward_name?: string;
    /** "7KQ2MX-H4WZ9B-PE3TNR": what the shopper types at checkout. */
    code: string;
    points: number;
    created_at: string;
    expires_at: string;
    status: 'active' | 'used' | 'voided' | 'expired';
    order_id?: string;
}

export interface LoyaltyEventMap {
    'loyalty:ready': CustomEvent<LoyaltyReadyDetail>;
    'loyalty:open': CustomEvent<Record<string, never>>;
    'loyalty:close': CustomEvent<Record<string, never>>;
    /** "Choose" without data-claim-endpoint: the site applies the reward itself. */
    'loyalty:reward-selected': CustomEvent<{ reward: LoyaltyReward }>;
    /** With data-claim-endpoint: the reward was claimed and its code shown. */
    'loyalty:reward-claimed': CustomEvent<{ claim: LoyaltyClaim }>;
    'loyalty:points-selected': CustomEvent<LoyaltyPointsSelectedDetail>;
    'loyalty:survey-shown': CustomEvent<{ survey_id: string; kind: 'nps' | 'csat' | 'ces' }>;
    'loyalty:survey-dismissed': CustomEvent<{ survey_id: string; kind: 'nps' | 'csat' | 'ces' }>;
    'loyalty:survey-submitted': CustomEvent<{ survey_id: string; kind: 'nps' | 'csat' | 'ces'; score: number; follow_up_answer?: string; idempotency_key: string }>;
    'loyalty:error': CustomEvent<{ code: 'program_unavailable' | 'program_invalid' | 'core_unavailable' | 'customer_unavailable' | 'customer_invalid' | 'cart_invalid' | 'survey_invalid' | 'texts_unavailable' | 'claim_failed'; message: string }>;
}

declare global {
    interface Window {
        LoyaltyWidget: LoyaltyWidgetNamespace;
    }
    interface HTMLElementTagNameMap {
        'loyalty-widget': LoyaltyWidgetElement;
    }
    interface DocumentEventMap extends LoyaltyEventMap {}
    interface HTMLElementEventMap extends LoyaltyEventMap {}
}
