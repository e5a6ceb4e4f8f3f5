// OpenTelemetry needs a context manager for a span to become the parent of the spans
// started under it. @opentelemetry/context-async-hooks is not a dev dependency here, so
// this is the same AsyncLocalStorage-based manager it ships
// (AsyncLocalStorageContextManager), reduced to the members the API calls.
import { AsyncLocalStorage } from "node:async_hooks";
import { ROOT_CONTEXT } from "@opentelemetry/api";

export class AlsContextManager {
  #als = new AsyncLocalStorage();
  active() {
    return this.#als.getStore() ?? ROOT_CONTEXT;
  }
  with(ctx, fn, thisArg, ...args) {
    const cb = thisArg == null ? fn : fn.bind(thisArg);
    return this.#als.run(ctx, cb, ...args);
  }
  bind(ctx, target) {
    if (typeof target !== "function") return target;
    const manager = this;
    return function bound(...args) {
      return manager.with(ctx, () => target.apply(this, args));
    };
  }
  enable() {
    return this;
  }
  disable() {
    this.#als.disable();
    return this;
  }
}
