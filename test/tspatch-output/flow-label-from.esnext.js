import { __lc as _lc$hye8 } from "logcrest";
var _lcS$hye8 = _lcS$hye8 || _lcT$hye8();
function _lcT$hye8() { return _lcS$hye8 = _lc$hye8.sites("fixtures/flow-label-from/input.ts", [["byName", 4, 20, 20], ["byProperty", 9, 20, 20], ["byIndex", 12, 20, 28], ["both", 18, 20, 20, "checkout"], ["step", 23, 20, 0]]); }
// `labelFrom=` by parameter name, by destructured property, by index; empty label: bare id.
// A static label with labelFrom: both parts, cleaned, the whole cut to 32 characters.
/** @flow labelFrom=requestId */
export function byName(requestId, _body) {
    const _lcF$hye8 = 20 < _lc$hye8.state.minLevel ? null : _lc$hye8.enter((_lcS$hye8 || _lcT$hye8())[0], void 0, requestId);
    try {
        return step(requestId);
    }
    catch (_lcE$hye8) {
        if (_lcF$hye8 !== null)
            _lc$hye8.fail(_lcF$hye8, _lcE$hye8);
        throw _lcE$hye8;
    }
    finally {
        if (_lcF$hye8 !== null)
            _lc$hye8.exit(_lcF$hye8);
    }
}
/** @flow labelFrom=tenant */
export const byProperty = ({ tenant }) => {
    const _lcF$hye8 = 20 < _lc$hye8.state.minLevel ? null : _lc$hye8.enter((_lcS$hye8 || _lcT$hye8())[1], void 0, tenant);
    try {
        return step(tenant);
    }
    catch (_lcE$hye8) {
        if (_lcF$hye8 !== null)
            _lc$hye8.fail(_lcF$hye8, _lcE$hye8);
        throw _lcE$hye8;
    }
    finally {
        if (_lcF$hye8 !== null)
            _lc$hye8.exit(_lcF$hye8);
    }
};
/** @flow labelFrom=1 */
export async function byIndex(_x, order) {
    const _lcF$hye8 = 20 < _lc$hye8.state.minLevel ? null : _lc$hye8.enter((_lcS$hye8 || _lcT$hye8())[2], void 0, order);
    const _lcB$hye8 = { "byIndex": async () => { try {
            await null;
            return await step(order);
        }
        catch (_lcE$hye8) {
            if (_lcF$hye8 !== null)
                _lc$hye8.fail(_lcF$hye8, _lcE$hye8);
            throw _lcE$hye8;
        }
        finally {
            if (_lcF$hye8 !== null)
                _lc$hye8.exit(_lcF$hye8);
        } } }["byIndex"];
    return await (_lcF$hye8 === null ? _lcB$hye8.call(this) : _lc$hye8.run(_lcF$hye8, _lcB$hye8, this));
}
/** @flow checkout labelFrom=orderId */
export function both(orderId) {
    const _lcF$hye8 = 20 < _lc$hye8.state.minLevel ? null : _lc$hye8.enter((_lcS$hye8 || _lcT$hye8())[3], void 0, orderId);
    try {
        return step(orderId);
    }
    catch (_lcE$hye8) {
        if (_lcF$hye8 !== null)
            _lc$hye8.fail(_lcF$hye8, _lcE$hye8);
        throw _lcE$hye8;
    }
    finally {
        if (_lcF$hye8 !== null)
            _lc$hye8.exit(_lcF$hye8);
    }
}
/** @logcrest */
function step(v) {
    const _lcF$hye8 = 20 < _lc$hye8.state.minLevel ? null : _lc$hye8.enter((_lcS$hye8 || _lcT$hye8())[4]);
    try {
        return v.length;
    }
    catch (_lcE$hye8) {
        if (_lcF$hye8 !== null)
            _lc$hye8.fail(_lcF$hye8, _lcE$hye8);
        throw _lcE$hye8;
    }
    finally {
        if (_lcF$hye8 !== null)
            _lc$hye8.exit(_lcF$hye8);
    }
}
export async function check() {
    return { a: byName("REQ 42", {}), b: byProperty({ tenant: "Acme Corp" }), c: await byIndex(1, "order/7"), d: byName("", {}), e: both("ORD 42"), f: both(""), g: both("x".repeat(50)) };
}
