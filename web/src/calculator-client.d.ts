// Types of calculator-client.js: the calculator module in a Web Worker (docs/js-api.md).
import type { CsvSource, Input, MetricsControl, MetricsOptions, MetricsProgress, MetricsRequest, MetricsResponse, OperationName, Result } from './engine';

export interface CalculatorWorkerOptions {
    /** URL of calculator-worker.js; default: beside calculator-client.js. */
    workerUrl?: string | URL;
    /** Folder of loyalty-calculator.js/.wasm as the worker should load them; default: the
     *  worker's own folder. */
    baseUrl?: string | URL;
    /** How long a cancelled import may take to stop before the worker is replaced; default 2000. */
    restartAfterMs?: number;
    /** Passed to the worker's engine: force the calculator's SIMD build on or off (default "auto"). */
    simd?: boolean | 'auto';
}

export interface CalculatorWorker {
    /** Metrics over CSV bytes, read and computed in the worker. Rejects with LoyaltyError only
     *  when the module cannot load; bad input resolves to an ErrorResponse. An aborted
     *  control.signal resolves it at once to an ErrorResponse with `cancelled: true`; the worker
     *  stops before its next chunk, and one that does not answer within restartAfterMs is
     *  replaced by a fresh worker (other pending calls then reject with "worker_terminated"). */
    metricsFromBytes(
        source: CsvSource,
        options?: Input<MetricsOptions>,
        onProgress?: (progress: MetricsProgress) => void,
        control?: MetricsControl,
    ): Promise<Result<MetricsResponse>>;
    metrics(request: Input<MetricsRequest>): Promise<Result<MetricsResponse>>;
    run(operation: OperationName, request: Input<object>): Promise<Result<object>>;
    /** Stops the worker; pending calls reject with LoyaltyError code "worker_terminated". */
    terminate(): void;
}

/** Starts the worker. Throws LoyaltyError "worker_failed" when the browser refuses it. */
export function createCalculatorWorker(options?: CalculatorWorkerOptions): CalculatorWorker;
