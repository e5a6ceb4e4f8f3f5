import { __lc as _lc$hx0t } from "logcrest";
var _lcS$hx0t = _lcS$hx0t || _lcT$hx0t();
function _lcT$hx0t() { return _lcS$hx0t = _lc$hx0t.sites("fixtures/flow-block-form/input.ts", [["reserve", 6, 20, 0], ["charge", 11, 20, 8]]); }
// The flow() block form around tagged steps: sync and async, a rejection that propagates
// unchanged, and a nested block that warns and runs as a step of the outer flow.
import { currentFlowId, flow } from "logcrest";
/** @logcrest */
function reserve(sku) {
    const _lcF$hx0t = 20 < _lc$hx0t.state.minLevel ? null : _lc$hx0t.enter((_lcS$hx0t || _lcT$hx0t())[0]);
    try {
        return sku.length;
    }
    catch (_lcE$hx0t) {
        if (_lcF$hx0t !== null)
            _lc$hx0t.fail(_lcF$hx0t, _lcE$hx0t);
        throw _lcE$hx0t;
    }
    finally {
        if (_lcF$hx0t !== null)
            _lc$hx0t.exit(_lcF$hx0t);
    }
}
/** @logcrest */
async function charge(cents) {
    const _lcF$hx0t = 20 < _lc$hx0t.state.minLevel ? null : _lc$hx0t.enter((_lcS$hx0t || _lcT$hx0t())[1]);
    const _lcB$hx0t = { "charge": async () => { try {
            await null;
            if (cents > 100)
                throw new RangeError("over the limit");
            return await cents;
        }
        catch (_lcE$hx0t) {
            if (_lcF$hx0t !== null)
                _lc$hx0t.fail(_lcF$hx0t, _lcE$hx0t);
            throw _lcE$hx0t;
        }
        finally {
            if (_lcF$hx0t !== null)
                _lc$hx0t.exit(_lcF$hx0t);
        } } }["charge"];
    return await (_lcF$hx0t === null ? _lcB$hx0t.call(this) : _lc$hx0t.run(_lcF$hx0t, _lcB$hx0t, this));
}
export const limitError = new RangeError("block failed");
export async function check() {
    const syncId = flow("Block Sync", () => {
        reserve("book");
        return currentFlowId();
    });
    const asyncValue = await flow({ label: "block async", name: "payBlock" }, async () => {
        reserve("a");
        return charge(50);
    });
    let rejected;
    try {
        await flow("block-fail", async () => {
            await charge(500);
        });
    }
    catch (e) {
        rejected = `${e.name}: ${e.message}`;
    }
    const nested = flow("outer-block", () => flow("inner-block", () => reserve("xyz")));
    return {
        syncId: /^block-sync-[0-9a-f]{8}$/.test(String(syncId)),
        after: currentFlowId() ?? null,
        asyncValue,
        rejected,
        nested,
    };
}
