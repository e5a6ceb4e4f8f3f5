"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.checkout = checkout;
exports.check = check;
var _lc$h6jw = require("logcrest").__lc;
var _lcS$h6jw = _lcS$h6jw || _lcT$h6jw();
function _lcT$h6jw() { return _lcS$h6jw = _lc$h6jw.sites("fixtures/flow-static-label/input.ts", [["checkout", 3, 20, 12, "Checkout!"], ["price", 9, 20, 8], ["charge", 15, 20, 0]]); }
// `@flow LABEL`: flow records, every nested @logcrest call a timeline step, also concurrent ones.
/** @flow Checkout! */
async function checkout(items) {
    const _lcF$h6jw = 20 < _lc$h6jw.state.minLevel ? null : _lc$h6jw.enter((_lcS$h6jw || _lcT$h6jw())[0]);
    const _lcB$h6jw = { "checkout": async () => { try {
            const prices = await Promise.all(items.map((i) => price(i)));
            return await charge(prices.reduce((a, b) => a + b, 0));
        }
        catch (_lcE$h6jw) {
            if (_lcF$h6jw !== null)
                _lc$h6jw.fail(_lcF$h6jw, _lcE$h6jw);
            throw _lcE$h6jw;
        }
        finally {
            if (_lcF$h6jw !== null)
                _lc$h6jw.exit(_lcF$h6jw);
        } } }["checkout"];
    return await (_lcF$h6jw === null ? _lcB$h6jw.call(this) : _lc$h6jw.run(_lcF$h6jw, _lcB$h6jw, this));
}
/** @logcrest */
async function price(i) {
    const _lcF$h6jw = 20 < _lc$h6jw.state.minLevel ? null : _lc$h6jw.enter((_lcS$h6jw || _lcT$h6jw())[1]);
    const _lcB$h6jw = { "price": async () => { try {
            await new Promise((r) => setTimeout(r, 5 * i));
            return await (i * 10);
        }
        catch (_lcE$h6jw) {
            if (_lcF$h6jw !== null)
                _lc$h6jw.fail(_lcF$h6jw, _lcE$h6jw);
            throw _lcE$h6jw;
        }
        finally {
            if (_lcF$h6jw !== null)
                _lc$h6jw.exit(_lcF$h6jw);
        } } }["price"];
    return await (_lcF$h6jw === null ? _lcB$h6jw.call(this) : _lc$h6jw.run(_lcF$h6jw, _lcB$h6jw, this));
}
/** @logcrest */
function charge(amount) {
    const _lcF$h6jw = 20 < _lc$h6jw.state.minLevel ? null : _lc$h6jw.enter((_lcS$h6jw || _lcT$h6jw())[2]);
    try {
        return `charged ${amount}`;
    }
    catch (_lcE$h6jw) {
        if (_lcF$h6jw !== null)
            _lc$h6jw.fail(_lcF$h6jw, _lcE$h6jw);
        throw _lcE$h6jw;
    }
    finally {
        if (_lcF$h6jw !== null)
            _lc$h6jw.exit(_lcF$h6jw);
    }
}
async function check() {
    return { result: await checkout([1, 2]) };
}
