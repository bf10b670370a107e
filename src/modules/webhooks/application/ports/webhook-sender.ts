/** One signed POST of a delivery. */
export interface WebhookRequest {
  readonly url: string;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
  /** 1 for the first: logged with the call. */
  readonly attempt: number;
}

/** How the subscriber answered: a status, or no answer and why. */
export type WebhookAnswer = { readonly statusCode: number } | { readonly statusCode: null; readonly error: string };

/** Sends one attempt, within WEBHOOK_TIMEOUT_MS, no redirect followed; never throws for the subscriber's doing. */
export interface WebhookSender {
  post(request: WebhookRequest): Promise<WebhookAnswer>;
}

export const WEBHOOK_SENDER = Symbol('WebhookSender');
