import { __lc as _lc$e371 } from "logcrest";
var _lcS$e371 = _lcS$e371 || _lcT$e371();
function _lcT$e371() { return _lcS$e371 = _lc$e371.sites("fixtures/stack-frames/input.ts", [["OrderService.chargeCard", 9, 20, 8], ["OrderService.validate", 16, 20, 8], ["OrderService.lookup", 23, 20, 8], ["OrderService.guarded", 29, 20, 10], ["refund", 43, 20, 8], ["notify", 49, 20, 8], ["fetchOrder", 56, 20, 8]]); }
// A throw inside a tagged async function: the innermost frame names the same function as
// the uninstrumented build would (`at OrderService.chargeCard`, `at Sub.chargeCard` for a
// subclass receiver), before and after the first await. test/stack-frames.test.ts also
// compares the lines against a build without logcrest, with source maps on.
const tick = () => new Promise((resolve) => setTimeout(resolve, 1));
export class OrderService {
    /** @logcrest */
    async chargeCard(amount) {
        const _lcF$e371 = 20 < _lc$e371.state.minLevel ? null : _lc$e371.enter((_lcS$e371 || _lcT$e371())[0]);
        const _lcB$e371 = { "chargeCard": async () => { try {
                await tick();
                if (amount > 0)
                    throw new Error("card declined");
                return await amount;
            }
            catch (_lcE$e371) {
                if (_lcF$e371 !== null)
                    _lc$e371.fail(_lcF$e371, _lcE$e371);
                throw _lcE$e371;
            }
            finally {
                if (_lcF$e371 !== null)
                    _lc$e371.exit(_lcF$e371);
            } } }["chargeCard"];
        return await (_lcF$e371 === null ? _lcB$e371.call(this) : _lc$e371.run(_lcF$e371, _lcB$e371, this));
    }
    /** @logcrest */
    async validate(amount) {
        const _lcF$e371 = 20 < _lc$e371.state.minLevel ? null : _lc$e371.enter((_lcS$e371 || _lcT$e371())[1]);
        const _lcB$e371 = { "validate": async (
            // subclass receiver), before and after the first await. test/stack-frames.test.ts also
            // compares the lines against a build without logcrest, with source maps on.
            ) => { try {
                if (amount > 0)
                    throw new Error("invalid before await");
                await tick();
                return await amount;
            }
            catch (_lcE$e371) {
                if (_lcF$e371 !== null)
                    _lc$e371.fail(_lcF$e371, _lcE$e371);
                throw _lcE$e371;
            }
            finally {
                if (_lcF$e371 !== null)
                    _lc$e371.exit(_lcF$e371);
            } } }["validate"];
        return await (_lcF$e371 === null ? _lcB$e371.call(this) : _lc$e371.run(_lcF$e371, _lcB$e371, this));
    }
    /** @logcrest */
    static async lookup(id) {
        const _lcF$e371 = 20 < _lc$e371.state.minLevel ? null : _lc$e371.enter((_lcS$e371 || _lcT$e371())[2]);
        const _lcB$e371 = { "lookup": async () => { try {
                await tick();
                throw new Error(`no order ${id}`);
            }
            catch (_lcE$e371) {
                if (_lcF$e371 !== null)
                    _lc$e371.fail(_lcF$e371, _lcE$e371);
                throw _lcE$e371;
            }
            finally {
                if (_lcF$e371 !== null)
                    _lc$e371.exit(_lcF$e371);
            } } }["lookup"];
        return await (_lcF$e371 === null ? _lcB$e371.call(this) : _lc$e371.run(_lcF$e371, _lcB$e371, this));
    }
    /** @logcrest logResult */
    async guarded(amount) {
        const _lcF$e371 = 20 < _lc$e371.state.minLevel ? null : _lc$e371.enter((_lcS$e371 || _lcT$e371())[3]);
        const _lcB$e371 = { "guarded": async () => { try {
                return _lc$e371.ret(_lcF$e371, await { "guarded": async () => { try {
                        await tick();
                        if (amount > 0)
                            throw new Error("inside the user's try");
                        return amount;
                    }
                    finally {
                        amount = 0;
                    } } }["guarded"].call(this));
            }
            catch (_lcE$e371) {
                if (_lcF$e371 !== null)
                    _lc$e371.fail(_lcF$e371, _lcE$e371);
                throw _lcE$e371;
            }
            finally {
                if (_lcF$e371 !== null)
                    _lc$e371.exit(_lcF$e371);
            } } }["guarded"];
        return await (_lcF$e371 === null ? _lcB$e371.call(this) : _lc$e371.run(_lcF$e371, _lcB$e371, this));
    }
}
export class Sub extends OrderService {
}
/** @logcrest */
export async function refund(orderId) {
    const _lcF$e371 = 20 < _lc$e371.state.minLevel ? null : _lc$e371.enter((_lcS$e371 || _lcT$e371())[4]);
    const _lcB$e371 = { "refund": async () => { try {
            await tick();
            throw new Error(`refund failed for ${orderId}`);
        }
        catch (_lcE$e371) {
            if (_lcF$e371 !== null)
                _lc$e371.fail(_lcF$e371, _lcE$e371);
            throw _lcE$e371;
        }
        finally {
            if (_lcF$e371 !== null)
                _lc$e371.exit(_lcF$e371);
        } } }["refund"];
    return await (_lcF$e371 === null ? _lcB$e371.call(this) : _lc$e371.run(_lcF$e371, _lcB$e371, this));
}
/** @logcrest */
export const notify = async (to) => {
    const _lcF$e371 = 20 < _lc$e371.state.minLevel ? null : _lc$e371.enter((_lcS$e371 || _lcT$e371())[5]);
    const _lcB$e371 = { "notify": async () => { try {
            await tick();
            throw new Error(`cannot notify ${to}`);
        }
        catch (_lcE$e371) {
            if (_lcF$e371 !== null)
                _lc$e371.fail(_lcF$e371, _lcE$e371);
            throw _lcE$e371;
        }
        finally {
            if (_lcF$e371 !== null)
                _lc$e371.exit(_lcF$e371);
        } } }["notify"];
    return await (_lcF$e371 === null ? _lcB$e371() : _lc$e371.run(_lcF$e371, _lcB$e371));
};
export const api = {
    /** @logcrest */
    async fetchOrder(id) {
        const _lcF$e371 = 20 < _lc$e371.state.minLevel ? null : _lc$e371.enter((_lcS$e371 || _lcT$e371())[6]);
        const _lcB$e371 = { "fetchOrder": async () => { try {
                await tick();
                throw new Error(`fetch ${id}`);
            }
            catch (_lcE$e371) {
                if (_lcF$e371 !== null)
                    _lc$e371.fail(_lcF$e371, _lcE$e371);
                throw _lcE$e371;
            }
            finally {
                if (_lcF$e371 !== null)
                    _lc$e371.exit(_lcF$e371);
            } } }["fetchOrder"];
        return await (_lcF$e371 === null ? _lcB$e371.call(this) : _lc$e371.run(_lcF$e371, _lcB$e371, this));
    },
};
/** The functions named by the frames of `err.stack` (innermost first), up to `scenario`. */
function frameNames(err) {
    const stack = err instanceof Error && typeof err.stack === "string" ? err.stack : "";
    const names = [];
    for (const line of stack.split("\n").slice(1)) {
        const m = /^\s+at (?:async )?(.*?) \(/.exec(line);
        const name = m === null ? "<anonymous>" : m[1];
        if (name === "scenario")
            break;
        names.push(name);
    }
    return names;
}
/** The innermost frame's function and whether the caller (`scenario`) is on the stack. */
async function scenario(run) {
    try {
        await run();
        return { innermost: "no throw", callerSeen: false };
    }
    catch (err) {
        const stack = err instanceof Error ? String(err.stack) : "";
        return { innermost: frameNames(err)[0], callerSeen: /at (async )?scenario \(/.test(stack) };
    }
}
export async function check() {
    return {
        method: await scenario(() => new OrderService().chargeCard(10)),
        beforeAwait: await scenario(() => new OrderService().validate(10)),
        subclass: await scenario(() => new Sub().chargeCard(10)),
        // The static method is in stacks() only: with source maps on (the load hook, the
        // bundlers) Node prints its receiver as `Function`, with or without logcrest.
        returnInTry: await scenario(() => new OrderService().guarded(10)),
        declaration: await scenario(() => refund("ord-2")),
        arrow: await scenario(() => notify("ops")),
        objectMethod: await scenario(() => api.fetchOrder("ord-3")),
    };
}
/**
 * For test/stack-frames.test.ts (run with --enable-source-maps): every frame of this file on
 * each scenario's stack, innermost first, as `name@line:column`.
 */
export async function stacks() {
    const runs = {
        method: () => new OrderService().chargeCard(10),
        beforeAwait: () => new OrderService().validate(10),
        subclass: () => new Sub().chargeCard(10),
        staticMethod: () => OrderService.lookup("ord-1"),
        returnInTry: () => new OrderService().guarded(10),
        declaration: () => refund("ord-2"),
        arrow: () => notify("ops"),
        objectMethod: () => api.fetchOrder("ord-3"),
    };
    const out = {};
    for (const [name, run] of Object.entries(runs)) {
        try {
            await run();
            out[name] = ["no throw"];
        }
        catch (err) {
            const frames = [];
            for (const line of String(err.stack).split("\n").slice(1)) {
                const m = /^\s+at (?:async )?(?:(.*?) \()?([^()]*stack-frames[\\/]input\.ts):(\d+):(\d+)\)?$/.exec(line);
                if (m !== null)
                    frames.push(`${m[1] ?? "<anonymous>"}@${m[3]}:${m[4]}`);
            }
            out[name] = frames;
        }
    }
    return out;
}
