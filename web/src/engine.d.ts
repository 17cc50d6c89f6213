// Types of the loyalty engine's JS API (engine.js). This file is the API reference; prose and
// examples are in docs/js-api.md, field semantics in docs/api.md, docs/program.md,
// docs/surveys.md and docs/metrics.md.
//
// Units everywhere: money is an integer of minor units (kopecks, cents) of the program's currency;
// points are integers; instants are ISO 8601 text ("2026-11-27T10:00:00+03:00", "2026-11-27");
// ratios are a JSON number (1.5) or decimal text ("1.5", "30%"). Integers beyond 2^53 lose
// precision in JS numbers: use runText() to read such a response exactly.

// ---------------------------------------------------------------------------------------------
// Loading

export type ModuleKind = 'widget' | 'calculator';

export interface EngineOptions {
    /** "widget" (default): validate, status, preview, surveys. "calculator": also metrics. */
    module?: ModuleKind;
    /** Calculator only: load its wasm SIMD build (loyalty-calculator-simd.js/.wasm). "auto", the
     *  default, does where WebAssembly.validate accepts a SIMD instruction. */
    simd?: boolean | 'auto';
    /** Folder holding loyalty-<module>.js and .wasm; default: the folder of engine.js. */
    baseUrl?: string | URL;
    /** Overrides the glue script's URL (default: baseUrl + "loyalty-<module>.js"). */
    scriptUrl?: string | URL;
    /** Overrides the .wasm URL (default: baseUrl + "loyalty-<module>.wasm"). */
    wasmUrl?: string | URL;
    /** The .wasm bytes, when the caller has them already (node, tests, a bundler). */
    wasmBinary?: ArrayBuffer | Uint8Array;
    /** An already compiled module (e.g. posted to a worker); skips fetch and compile. */
    wasmModule?: WebAssembly.Module;
    /** The Emscripten factory (the glue's default export), when imported by the caller. */
    factory?: (moduleArg: object) => Promise<object>;
}

/** Stable codes of LoyaltyError. */
export type LoyaltyErrorCode =
    | 'invalid_options' // createLoyaltyEngine got options it cannot use
    | 'script_load_failed' // the glue script could not be imported
    | 'wasm_fetch_failed' // the .wasm could not be downloaded or read
    | 'wasm_compile_failed' // the bytes are not a valid module for this browser
    | 'instantiate_failed' // the module did not start
    | 'worker_failed' // (calculator-client) the worker could not start or crashed
    | 'worker_terminated'; // (calculator-client) terminate() was called with calls pending

/** The only error the API throws (or rejects with): the module could not be loaded. Bad input
 *  never throws; it comes back as an ErrorResponse. */
export class LoyaltyError extends Error {
    readonly name: 'LoyaltyError';
    readonly code: LoyaltyErrorCode;
    constructor(code: LoyaltyErrorCode, message: string, options?: { cause?: unknown });
}

/** Loads a module and returns an engine over it. Rejects with LoyaltyError only. */
export function createLoyaltyEngine(options?: EngineOptions): Promise<LoyaltyEngine>;

// ---------------------------------------------------------------------------------------------
// Responses and inputs

/** What kind of problem an ErrorItem is: a stable key for code and translations (docs/api.md,
 *  "Error codes"). The last group comes only from loyalty-server, "cancelled" only from this API. */
export type ErrorCode =
    | 'invalid' | 'not_json' | 'too_large' | 'required' | 'wrong_type' | 'out_of_range'
    | 'too_long' | 'too_many' | 'bad_format' | 'unknown_field' | 'not_allowed' | 'duplicate'
    | 'out_of_order' | 'unknown_reference' | 'not_enough_points' | 'conflict' | 'internal'
    | 'unauthorized' | 'forbidden' | 'not_found' | 'method_not_allowed' | 'timeout' | 'gone'
    | 'unsupported_media_type' | 'rate_limited' | 'unavailable'
    | 'cancelled'
    // A newer core or server may add codes: treat one you do not know as 'invalid'.
    | (string & {});

/** One problem: a JSON Pointer into the request ("" for the whole of it), what was expected,
 *  and the kind of problem. */
export interface ErrorItem {
    path: string;
    message: string;
    code: ErrorCode;
}

export interface ErrorResponse {
    ok: false;
    errors: ErrorItem[];
    /** metrics over a CSV whose needed columns were not found: the file's header names, the
     *  roles without a column ("customer", "date", "amount", "order") and the preset tried. */
    header?: string[];
    missing?: string[];
    preset?: string;
    /** A CSV import stopped through its AbortSignal (its error's code is 'cancelled'). */
    cancelled?: true;
}

/** Every method answers one of these; check `ok` first. */
export type Result<T> = ({ ok: true } & T) | ErrorResponse;

/** A request as a plain object, or as JSON text (a string, or UTF-8 bytes). */
export type Input<T> = T | string | Uint8Array | ArrayBuffer;

export type OperationName = 'validate' | 'status' | 'preview' | 'survey-eligibility' | 'survey-summary' | 'metrics' | 'numbers';

export type Money = number;
export type Points = number;
export type Instant = string;
/** A calendar day, "YYYY-MM-DD". */
export type DayText = string;
/** Exact ratio: 1.5, "1.5", "30%". Responses write ratios as decimal text ("1.25"). */
export type RatioInput = number | string;
/** Texts by language code: {"ru": "...", "en": "..."}. */
export type Texts = Record<string, string>;

// ---------------------------------------------------------------------------------------------
// program.json (docs/program.md)

export interface CategoryRule {
    multiplier?: RatioInput;
    excluded?: boolean;
}

export interface CampaignInput {
    id: string;
    name?: string;
    starts: Instant;
    ends: Instant;
    multiplier?: RatioInput;
    bonus_points?: Points;
    categories?: string[];
}

export type Rounding = 'floor' | 'ceil' | 'half_up' | 'half_even';

export interface TierInput {
    id: string;
    name: string;
    threshold: number;
    multiplier?: RatioInput;
    perks?: string[];
}

export type RewardKind = 'fixed_discount' | 'percent_discount' | 'free_shipping' | 'free_product';

export interface RewardInput {
    id: string;
    name: string;
    kind: RewardKind;
    cost: Points;
    value?: Money;
    percent?: RatioInput;
    product_id?: string;
    min_order?: Money;
    min_tier?: string;
    /** Days a code claimed for this reward stays valid (reference server); 1..3650, default 30. */
    code_days?: number;
}

export type SurveyKind = 'nps' | 'csat' | 'ces';

/** A survey's settings (program.json "surveys", or inline in survey-eligibility). */
export interface SurveySettingsInput {
    id: string;
    kind: SurveyKind;
    scale?: number;
    enabled?: boolean;
    sample_share?: RatioInput;
    cooldown_after_shown_days?: number;
    cooldown_after_answered_days?: number;
    cooldown_after_dismissed_days?: number;
    first_visit_delay_days?: number;
    min_visits?: number;
    min_purchases?: number;
    question?: Texts;
    low_label?: Texts;
    high_label?: Texts;
    /** Segment ("all", and for NPS "promoters", "passives", "detractors") -> texts. */
    follow_up?: Record<string, Texts>;
    thanks?: Texts;
}

export interface Program {
    version?: 1;
    id?: string;
    name?: string;
    /** ISO 4217 code. */
    currency: string;
    /** UTC offset, "+03:00", or "UTC". */
    timezone?: string;
    earn: {
        points: number;
        per_amount: Money;
        rounding?: Rounding;
        basis?: 'paid' | 'subtotal';
        min_order?: Money;
        categories?: Record<string, CategoryRule>;
        campaigns?: CampaignInput[];
        /** Whether what is paid for shipping earns (default "excluded"). */
        shipping?: 'excluded' | 'included';
        /** Whether the tax of lines and shipping earns (default "included"). */
        tax?: 'excluded' | 'included';
    };
    bonuses?: {
        signup?: Points;
        first_purchase?: Points;
        birthday?: Points;
        review?: Points;
        referral_referrer?: Points;
        referral_referee?: Points;
    };
    expiry?: { days?: number; warning_days?: number; never_expire?: LotSource[] };
    tiers?: { basis?: 'spend' | 'points'; window_days?: number; requalify?: 'rolling' | 'calendar_year'; grace_days?: number; levels: TierInput[] };
    redemption?: {
        point_value: Money;
        min_points?: Points;
        step?: Points;
        /** Share of what the goods cost after the cart's discount that points may pay. */
        max_share?: RatioInput;
        /** An expired, unused reward code gives its points back (default false). */
        return_expired_codes?: boolean;
    };
    rewards?: RewardInput[];
    surveys?: SurveySettingsInput[];
    /** Free-form presentation hints for the widget. */
    display?: Record<string, unknown>;
}

/** Where a lot's points come from (expiry.never_expire). */
export type LotSource = 'purchase' | 'returned' | 'signup' | 'birthday' | 'review' | 'referral_referrer' | 'referral_referee' | 'adjustment';

/** validate's answer: the program normalised, every default filled in. */
export interface ProgramSummary {
    id: string;
    name: string;
    currency: string;
    currency_exponent: number;
    timezone: string;
    earn: {
        points: number;
        per_amount: Money;
        rounding: Rounding;
        basis: 'paid' | 'subtotal';
        min_order: Money;
        shipping?: 'included';
        tax?: 'excluded';
        categories: Record<string, { multiplier: string; excluded: boolean }>;
        campaigns: Array<{
            id: string;
            name: string;
            starts: Instant;
            ends: Instant;
            multiplier: string;
            bonus_points: Points;
            categories: string[];
        }>;
    };
    bonuses: Required<NonNullable<Program['bonuses']>>;
    expiry: { days: number; warning_days: number; never_expire?: LotSource[] };
    tiers: { basis: 'spend' | 'points'; window_days: number; requalify?: 'calendar_year'; grace_days?: number; levels: TierInfo[] };
    redemption: { point_value: Money; min_points: Points; step: Points; max_share: string; return_expired_codes: boolean };
    rewards: Array<RewardStatus & { code_days: number }>;
    surveys: Array<{ id: string; kind: SurveyKind }>;
}

export interface ValidateResponse {
    program: ProgramSummary;
}

// ---------------------------------------------------------------------------------------------
// status and preview (docs/api.md)

export interface OrderLine {
    sku: string;
    category?: string;
    price: Money;
    quantity?: number;
    /** Tax on the line, part of price x quantity unless the order says taxes_included: false. */
    tax?: Money;
}

export type CustomerEvent =
    | {
          type: 'purchase';
          at: Instant;
          order_id: string;
          lines: OrderLine[];
          points_redeemed?: Points;
          discount?: Money;
          shipping?: Money;
          shipping_tax?: Money;
          /** Whether prices and shipping include their tax (default true). */
          taxes_included?: boolean;
          /** Ids of the rewards whose codes the order used. */
          rewards?: string[];
          id?: string;
      }
    | { type: 'refund'; at: Instant; order_id: string; amount: Money; id?: string }
    | { type: 'redemption'; at: Instant; points: Points; reward_id?: string; id?: string }
    | {
          type: 'bonus';
          at: Instant;
          kind: 'signup' | 'birthday' | 'review' | 'referral_referrer' | 'referral_referee';
          id?: string;
      }
    | { type: 'adjustment'; at: Instant; points: Points; reason: string; id?: string };

export interface Customer {
    id?: string;
    /** A ledger state to continue from (docs/api.md, "Ledger state"); `events` follow it. */
    state?: LedgerState;
    /** Chronological, none after `now`. */
    events?: CustomerEvent[];
}

/** What a ledger needs to go on without its past events; produced by `status` with
 *  `include_state`. Treat it as opaque: the core checks it before booking on it. */
export interface LedgerState {
    version: 1;
    last_at: Instant | null;
    as_of: Instant | null;
    [member: string]: unknown;
}

export interface StatusRequest {
    program: Program;
    customer: Customer;
    now: Instant;
    /** History entries returned, newest first (default 20). */
    history_limit?: number;
    /** Also return `state`: the ledger state as of the last event. */
    include_state?: boolean;
}

export interface ExplanationLine {
    /** base, category, campaign, tier, offer (a personal offer's multiplier, labelled with its
     *  id), excluded, min_order, rounding, campaign_bonus, first_purchase, refund,
     *  redeemed_returned, redeemed_on_order, adjustment, bonus, expiry... */
    kind: string;
    label?: string;
    category?: string;
    amount?: Money;
    factor?: string;
    /** Exact text, never rounded (docs/api.md, "status"): an integer ("200", "-238"); a decimal
     *  with every digit it needs and at least two ("37.50", "0.495", "-0.50") when one is exact;
     *  else the reduced fraction ("1/3", "-859/2684"). The lines of an entry sum exactly to its
     *  `points` less its `uncollected`. */
    points: string;
}

export interface TierInfo {
    id: string;
    name: string;
    threshold: number;
    multiplier: string;
    perks: string[];
}

export interface TierStatus extends TierInfo {
    basis: 'spend' | 'points';
    window_days: number;
    qualifying: number;
    lapses_at: Instant | null;
    next: (TierInfo & { remaining: number; fraction: number }) | null;
}

export interface RewardStatus {
    id: string;
    name: string;
    kind: RewardKind;
    cost: Points;
    value?: Money;
    percent?: string;
    product_id?: string;
    min_order?: Money;
    min_tier?: string;
    affordable: boolean;
    points_missing: Points;
    tier_ok: boolean;
    /** preview only: the cart meets min_order. */
    order_ok?: boolean;
    available: boolean;
}

export interface HistoryEntry {
    at: Instant;
    type: 'purchase' | 'refund' | 'redemption' | 'bonus' | 'adjustment' | 'expiry';
    id?: string;
    points: Points;
    balance: Points;
    explanation: ExplanationLine[];
    /** Points a refund could not take back (the balance was spent); the lines show the full claw-back. */
    uncollected?: Points;
    reason?: string;
}

export interface StatusResponse {
    customer_id: string;
    currency: string;
    now: Instant;
    balance: Points;
    balance_value: Money;
    expiring: { points: Points; within_days: number; lots: Array<{ points: Points; expires_at: Instant }> };
    next_expiry: Instant | null;
    lifetime: {
        earned: Points;
        redeemed: Points;
        expired: Points;
        clawed_back: Points;
        adjusted: Points;
        uncollected: Points;
    };
    purchases: number;
    lots: Array<{ points: Points; earned_at: Instant; expires_at: Instant | null }>;
    tier: TierStatus | null;
    rewards: RewardStatus[];
    history: HistoryEntry[];
    history_total: number;
    /** With `include_state`: the ledger state as of the last event. */
    state?: LedgerState;
}

export interface Cart {
    order_id?: string;
    lines: OrderLine[];
    points_redeemed?: Points;
    discount?: Money;
    shipping?: Money;
    shipping_tax?: Money;
    /** Whether prices and shipping include their tax (default true). */
    taxes_included?: boolean;
    /** Ids of rewards applied (claimed codes), at most 10, taken off in this order. */
    rewards?: string[];
    /** Personal offers the order uses, with their terms, at most 10, taken off after the rewards
     *  in this order (docs/program.md, "Personal offers on an order"). */
    offers?: OfferTerms[];
}

/** A personal offer's terms; only these members (the core refuses others, such as a title). */
export interface OfferTerms {
    id: string;
    kind: 'percent_off' | 'free_shipping' | 'gift' | 'points_multiplier';
    /** percent_off: a ratio 0..1, "25%" or "0.25". */
    percent?: string;
    /** points_multiplier: a ratio 1..100, "2". */
    multiplier?: string;
    /** gift: the sku of one of the order's lines. */
    product_id?: string;
    /** gift: at most this much of it comes off. */
    value?: Money;
    /** The order must be at or after `starts` and before `ends`. */
    starts?: Instant;
    ends?: Instant;
}

export interface PreviewRequest {
    program: Program;
    /** Absent: a guest. */
    customer?: Customer;
    cart: Cart;
    now: Instant;
}

export interface PreviewResponse {
    currency: string;
    subtotal: Money;
    shipping: Money;
    discount: Money;
    points_redeemed: Points;
    total: Money;
    /** Only when the cart has `rewards`: what each took off the goods and the shipping. */
    rewards_applied?: Array<{ reward_id: string; goods: Money; shipping: Money }>;
    reward_discount?: Money;
    /** Only when the cart has `offers`: what each took off (a multiplier: zeros), and the sum off the goods. */
    offers_applied?: Array<{ offer_id: string; goods: Money; shipping: Money }>;
    offer_discount?: Money;
    shipping_discount?: Money;
    earn: { points: Points; explanation: ExplanationLine[] };
    redeem: {
        max_points: Points;
        max_discount: Money;
        total_after_max: Money;
        point_value: Money;
        min_points: Points;
        step: Points;
        max_share: string;
    };
    balance_before: Points;
    balance_after: Points;
    tier_before: { id: string; name: string } | null;
    tier_after: { id: string; name: string } | null;
    tier_changed: boolean;
    rewards: RewardStatus[];
}

// ---------------------------------------------------------------------------------------------
// surveys (docs/surveys.md)

export interface VisitorHistory {
    id: string;
    first_visit?: Instant;
    visits?: number;
    purchases?: number;
    last_shown?: Instant;
    last_answered?: Instant;
    last_dismissed?: Instant;
}

export type SurveyEligibilityRequest =
    | { survey: SurveySettingsInput; visitor: VisitorHistory; now: Instant }
    | { program: Program; survey_id: string; visitor: VisitorHistory; now: Instant };

export type EligibilityReason =
    | 'eligible'
    | 'disabled'
    | 'not_sampled'
    | 'min_visits'
    | 'min_purchases'
    | 'cooldown_after_answered'
    | 'cooldown_after_dismissed'
    | 'cooldown_after_shown'
    | 'first_visit_delay';

export interface SurveyEligibilityResponse {
    survey_id: string;
    eligible: boolean;
    reason: EligibilityReason;
    reasons: EligibilityReason[];
    next_check_at: Instant | null;
    sampled: boolean;
    /** 0..9999, from a hash of the survey id and the visitor id. */
    sample_bucket: number;
}

export type SurveyAnswer = number | { score: number; [other: string]: unknown } | { dismissed: true; [other: string]: unknown };

export interface SurveySummaryRequest {
    kind: SurveyKind;
    /** CES: 5 or 7 (required). NPS: 10. CSAT: 5. */
    scale?: number;
    responses: SurveyAnswer[];
}

export interface SurveySummaryResponse {
    kind: SurveyKind;
    scale: { min: number; max: number };
    /** Respondents; dismissals are not respondents. */
    n: number;
    dismissed: number;
    /** NPS in [-100, 100]; CSAT percent; CES mean; null when n is 0. At most 4 decimals. */
    score: number | null;
    promoters: number | null;
    passives: number | null;
    detractors: number | null;
    satisfied: number | null;
    margin_of_error: number | null;
    interval: { low: number; high: number } | null;
    distribution: number[];
}

// ---------------------------------------------------------------------------------------------
// metrics (docs/metrics.md)

export interface OrderRow {
    customer: string;
    order_id?: string | number;
    date: DayText | Instant;
    /** Minor units; negative: a refund. */
    amount: Money;
}

/** Stops a metricsFromBytes call: once the signal aborts, reading stops before the next chunk
 *  and the call resolves to an ErrorResponse with `cancelled: true`. */
export interface MetricsControl {
    signal?: AbortSignal;
}

/** True when this platform runs wasm SIMD (the calculator's SIMD build is then loaded). */
export function wasmSimdSupported(): boolean;

/** Everything a metrics request holds except the orders: what metricsFromBytes takes. */
export interface MetricsOptions {
    /** Inclusive days; default: the whole history. */
    period?: { from?: DayText; to?: DayText };
    /** Who counts as a customer at a moment: ordered within this many days (default 365). */
    active_window_days?: number;
    /** Currency of the CSV amounts (default: the program's, else RUB). */
    currency?: string;
    /** Replay this program over the orders. */
    program?: Program;
    /** How simulated customers redeem in the replay (default "max"). */
    redemption_policy?: 'max' | 'none';
    /** CSV header names overriding the automatic column matching. */
    columns?: { customer?: string; order?: string; date?: string; amount?: string };
    /** Bad rows described in import.errors (all are counted), 0..1000, default 100. */
    max_errors?: number;
    /** The export's shape: detected from the header ("auto", the default) or named. */
    preset?: 'auto' | 'generic' | 'shopify' | 'woocommerce' | 'insales' | 'tilda' | '1c';
}

export type MetricsRequest = MetricsOptions & ({ orders: OrderRow[] } | { csv: string });

export interface PeriodCounts {
    orders: number;
    customers: number;
    repeat_customers: number;
    new_customers: number;
    revenue: Money;
    refunds: number;
    refunded: Money;
    net_revenue: Money;
    average_order_value: Money | null;
    purchase_frequency: number | null;
    repeat_purchase_rate: number | null;
    active_at_start: number;
    active_at_end: number;
    acquired: number;
    retained: number;
    retention_rate: number | null;
    churn_rate: number | null;
}

export interface ProgramEconomics {
    points_issued: Points;
    points_clawed_back: Points;
    points_redeemed: Points;
    points_expired: Points;
    points_outstanding: Points;
    liability: Money;
    reward_cost: Money;
    reward_cost_share: number | null;
}

export interface MetricsResponse extends PeriodCounts {
    currency: string;
    period: { from: DayText; to: DayText } | null;
    active_window_days: number;
    lifetime_value: Money | null;
    months: Array<PeriodCounts & { month: string; from: DayText; to: DayText; program?: ProgramEconomics }>;
    import: {
        source: 'csv' | 'orders';
        rows: number;
        bad_rows: number;
        merged_rows: number;
        refund_rows: number;
        /** The first max_errors bad rows. */
        errors: Array<{ line: number; column: string; message: string }>;
        lines?: number;
        delimiter: string | null;
        columns: { customer: string | null; order: string | null; date: string | null; amount: string | null } | null;
        /** Present for a preset export or a Windows-1251 file (absent: generic UTF-8). */
        preset?: 'shopify' | 'woocommerce' | 'insales' | 'tilda' | '1c' | 'generic';
        preset_detected?: boolean;
        encoding?: 'utf-8' | 'windows-1251';
        /** Rows skipped on purpose (unpaid, cancelled, test, line items, other currencies), by reason. */
        skipped_rows?: number;
        skipped?: Array<{ reason: string; rows: number }>;
    };
    program?: ProgramEconomics & {
        redemption_policy: 'max' | 'none';
        point_value: Money;
        purchases_replayed: number;
        refunds_replayed: number;
        skipped: number;
        issues: string[];
    };
}

/** docs/api.md, "numbers". */
export interface NumbersRequest {
    program: Program;
    now: Instant;
    /** "YYYY-MM", in the program's zone; at most 120 months from `from` to `to`. */
    from: string;
    to: string;
    /** Customer documents (events, or a state taken before `from` plus events); at most 1000. */
    customers: object[];
    /** The customers, refused and months of an earlier answer over the same range, to add to. */
    carry?: { customers: number; refused: number; months: NumbersMonth[] };
    per_customer?: boolean;
}

export interface NumbersFigures {
    issued: Points;
    redeemed: Points;
    expired: Points;
    clawed_back: Points;
    adjusted: Points;
    balance: Points;
    liability?: Money;
    active: number;
}

export interface NumbersMonth extends NumbersFigures {
    month: string;
    start?: Instant;
    end?: Instant;
}

export interface NumbersResponse {
    ok: true;
    from: string;
    to: string;
    now: Instant;
    currency: string;
    point_value: Money;
    active_days: number;
    customers: number;
    refused: number;
    refused_customers: { index: number; customer_id: string | null; errors: ErrorItem[] }[];
    months: NumbersMonth[];
    totals: NumbersFigures;
    per_customer?: { customer_id: string; months: NumbersMonth[] }[];
}

export interface MetricsProgress {
    /** Bytes handed to the module so far. */
    bytesRead: number;
    /** The source's size, or null for a stream. */
    totalBytes: number | null;
    /** CSV data rows read so far. */
    rows: number;
    /** The module's linear memory in bytes at this point (it grows, never shrinks). */
    memoryBytes: number;
}

export type CsvSource = Blob | ArrayBuffer | ArrayBufferView | ReadableStream<Uint8Array>;

// ---------------------------------------------------------------------------------------------
// The engine

export interface LoyaltyEngine {
    /** "widget" or "calculator". */
    readonly module: ModuleKind;
    /** The operations this module answers. */
    readonly operations: OperationName[];
    /** Bytes of wasm linear memory (grows, never shrinks): a diagnostic. */
    readonly memoryBytes: number;

    /** Checks a program (or {program}); answers its normalised summary or every error. */
    validate(program: Input<Program | { program: Program }>): Result<ValidateResponse>;
    status(request: Input<StatusRequest>): Result<StatusResponse>;
    preview(request: Input<PreviewRequest>): Result<PreviewResponse>;
    surveyEligibility(request: Input<SurveyEligibilityRequest>): Result<SurveyEligibilityResponse>;
    /** Calculator module only (the widget never computes one; its module answers an ErrorResponse). */
    surveySummary(request: Input<SurveySummaryRequest>): Result<SurveySummaryResponse>;
    /** Calculator module only (the widget module answers an ErrorResponse). */
    metrics(request: Input<MetricsRequest>): Result<MetricsResponse>;
    /** Figures by month over customers' ledgers (docs/api.md, "numbers"); calculator module only. */
    numbers(request: Input<NumbersRequest>): Result<NumbersResponse>;
    /** Metrics over CSV bytes streamed through the module; calculator module only. */
    metricsFromBytes(
        source: CsvSource,
        options?: Input<MetricsOptions>,
        onProgress?: (progress: MetricsProgress) => void,
        control?: MetricsControl,
    ): Promise<Result<MetricsResponse>>;
    /** True when this engine runs the calculator's wasm SIMD build. */
    readonly simd: boolean;

    /** Any operation by its core name. */
    run(operation: OperationName, request: Input<object>): Result<object>;
    /** Like run, but the response text exactly as the core wrote it. */
    runText(operation: OperationName, request: Input<object>): string;
    /** Resolves once a restart after an internal error has finished. */
    ready(): Promise<void>;
}
