/** Talks to a (simulated) card gateway. */
export class PaymentGateway {
  constructor(private readonly failAbove: number) {}

  /** @logcrest logResult */
  async charge(orderId: string, cents: number): Promise<{ receipt: string }> {
    await new Promise((r) => setTimeout(r, 15 + Math.random() * 20));
    if (cents > this.failAbove) {
      const err = new Error(`gateway timeout charging ${orderId}`);
      err.name = "ConnectionError";
      throw err;
    }
    return { receipt: `rcpt-${orderId}` };
  }

  /** @logcrest warn */
  refund = async (orderId: string): Promise<boolean> => orderId.length > 0;
}
